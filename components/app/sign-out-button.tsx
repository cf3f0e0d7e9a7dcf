"use client";

import { LogOut } from "lucide-react";
import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = { action: (state: ActionState, formData: FormData) => Promise<ActionState> };

export function SignOutButton({ action }: Props) {
  const [, formAction] = useActionState(action, {});
  return (
    <form action={formAction}>
      <SubmitButton variant="ghost" size="sm">
        <LogOut aria-hidden className="size-4" />
        <span className="max-sm:sr-only">Sign out</span>
      </SubmitButton>
    </form>
  );
}
