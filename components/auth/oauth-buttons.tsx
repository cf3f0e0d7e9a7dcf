import { signInWithProviderAction } from "@/app/(auth)/actions";
import type { OAuthProviderId } from "@/lib/auth/auth.config";
import { OAuthButton } from "./oauth-button";

type Props = { providers: { id: OAuthProviderId; label: string }[]; callbackUrl?: string };

/** One button per configured OAuth provider, then an "or" divider; nothing when none is configured. */
export function OAuthButtons({ providers, callbackUrl }: Props) {
  if (providers.length === 0) return null;
  return (
    <div className="mb-6">
      <div className="grid gap-2">
        {providers.map((provider) => (
          <OAuthButton
            key={provider.id}
            action={signInWithProviderAction}
            provider={provider}
            callbackUrl={callbackUrl}
          />
        ))}
      </div>
      <div className="mt-6 flex items-center gap-3 text-xs uppercase tracking-wide text-zinc-400">
        <span className="h-px flex-1 bg-zinc-200" />
        or with email
        <span className="h-px flex-1 bg-zinc-200" />
      </div>
    </div>
  );
}
