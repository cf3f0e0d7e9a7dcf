import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { Logo } from "@/components/ui/logo";
import { MainNav } from "./main-nav";
import { SignOutButton } from "./sign-out-button";
import { ThemeSwitch } from "./theme-switch";
import { WorkspaceSwitcher, type SwitcherWorkspace } from "./workspace-switcher";

type Props = { email: string; workspace: SwitcherWorkspace; workspaces: SwitcherWorkspace[]; inbox: number };

export function TopBar({ email, workspace, workspaces, inbox }: Props) {
  const base = `/w/${workspace.slug}`;
  const initial = email.charAt(0).toUpperCase() || "?";
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-3 sm:gap-6 sm:px-6">
        <Link
          href={`${base}/workflows`}
          aria-label="FlowMaestro home"
          className="flex items-center rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
        >
          <Logo compact />
        </Link>
        <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
        <MainNav base={base} inbox={inbox} />
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <div className="flex min-w-0 items-center gap-2" title={email}>
            <span
              aria-hidden
              className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-100"
            >
              {initial}
            </span>
            <span data-testid="user-email" className="hidden max-w-40 truncate text-sm text-zinc-700 xl:block">
              {email}
            </span>
          </div>
          <ThemeSwitch />
          <span aria-hidden className="hidden h-5 w-px bg-zinc-200 sm:block" />
          <SignOutButton action={signOutAction} />
        </div>
      </div>
    </header>
  );
}
