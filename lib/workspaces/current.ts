/**
 * The workspace a page or server action works in: the one its URL names (/w/<slug>/…, passed by
 * the proxy), else the last one opened (a cookie), else the user's personal workspace. A URL that
 * names a workspace the user is not in is a 404, like any stranger's object.
 * A server action's own render (after revalidatePath) does not get the proxy's header, and the
 * cookie may name another tab's workspace: there the page the action was sent from (its Referer,
 * same origin) names it. Either only ever picks among the user's own workspaces.
 */
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser, type CurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { RunServiceError } from "@/lib/runs/errors";
import { refusalText } from "./access";
import { workspacesOf, type WorkspaceSummary } from "./members";
import { WORKSPACE_COOKIE, WORKSPACE_HEADER, inWorkspace, workspacePath } from "./path";
import { can, type Capability } from "./roles";

export type CurrentWorkspace = {
  user: CurrentUser;
  workspace: WorkspaceSummary;
  /** Every workspace the user is in (the switcher's list), personal first. */
  workspaces: WorkspaceSummary[];
  /** A page of this workspace: `href("/runs")` is /w/<slug>/runs. */
  href: (path: string) => string;
};

/** The workspace slug of the same-origin page a request came from, if its URL names one. */
function fromReferer(referer: string | null, host: string | null): string | undefined {
  if (!referer || !host) return undefined;
  try {
    const url = new URL(referer);
    return url.host === host ? workspacePath(url.pathname)?.slug : undefined;
  } catch {
    return undefined;
  }
}

export const currentWorkspace = cache(async (): Promise<CurrentWorkspace> => {
  const user = await requireUser();
  const { db } = await getDb();
  const workspaces = await workspacesOf(db, user.id);
  const request = await headers();
  const named = request.get(WORKSPACE_HEADER);
  const remembered = fromReferer(request.get("referer"), request.get("host")) ?? (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const workspace = named ? workspaces.find((w) => w.slug === named) : (workspaces.find((w) => w.slug === remembered) ?? workspaces[0]);
  if (!workspace) notFound();
  return { user, workspace, workspaces, href: (path) => inWorkspace(workspace.slug, path) };
});

/** currentWorkspace when the user's role there allows `capability`; a page without it is a 404. */
export async function workspacePage(capability: Capability): Promise<CurrentWorkspace> {
  const current = await currentWorkspace();
  if (!can(current.workspace.role, capability)) notFound();
  return current;
}

/** For server actions: the workspace by id (a form's hidden field), when the user's role allows `capability`; throws not_found / forbidden. */
export async function actionWorkspace(workspaceId: unknown, capability: Capability): Promise<CurrentWorkspace & { role: WorkspaceSummary["role"] }> {
  const current = await currentWorkspace();
  const workspace = typeof workspaceId === "string" ? current.workspaces.find((w) => w.id === workspaceId) : current.workspace;
  if (!workspace) throw new RunServiceError("not_found", "No such workspace");
  if (!can(workspace.role, capability)) throw new RunServiceError("forbidden", refusalText(workspace.role, capability));
  return { ...current, workspace, role: workspace.role, href: (path) => inWorkspace(workspace.slug, path) };
}

/**
 * For a server action that redirects into a workspace: Next renders the redirect's page in the
 * action's own response, which never passed the proxy for the new URL, so the page learns its
 * workspace from the cookie set here.
 */
export async function rememberWorkspace(slug: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, slug, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 86_400 });
}
