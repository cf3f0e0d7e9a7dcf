"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/auth/action";
import { SubmitButton } from "@/components/ui/submit-button";

type Props = {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  provider: { id: string; label: string };
  callbackUrl?: string;
};

export function OAuthButton({ action, provider, callbackUrl }: Props) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction}>
      <input type="hidden" name="provider" value={provider.id} />
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <SubmitButton variant="secondary" className="w-full">
        Continue with {provider.label}
      </SubmitButton>
      {state.error && <p className="mt-1.5 text-sm text-red-600">{state.error}</p>}
    </form>
  );
}
