import { redirect } from "next/navigation";
import { currentWorkspace } from "@/lib/workspaces/current";
import { can } from "@/lib/workspaces/roles";

/** The first settings tab the member's role may open. */
export default async function SettingsPage() {
  const { workspace, href } = await currentWorkspace();
  redirect(href(can(workspace.role, "admin") ? "/settings/api-keys" : "/settings/members"));
}
