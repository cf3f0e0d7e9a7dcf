import type { ReactNode } from "react";
import { TopBar } from "@/components/app/top-bar";
import { requireUser } from "@/lib/auth/session";

// The proxy already sent signed-out visitors away; this check is the one that counts.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <TopBar email={user.email ?? user.name ?? "Signed in"} />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">{children}</main>
    </div>
  );
}
