import type { Metadata } from "next";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { enabledOAuthProviders } from "@/lib/auth/auth.config";
import { signInMessage } from "@/lib/auth/errors";
import { safeCallbackPath } from "@/lib/auth/schemas";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl));
  // Auth.js redirects here with ?error=<type>&code=<code> when its own endpoints fail.
  const error = signInMessage(first(params.code) ?? first(params.error));
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Welcome back. Sign in to your workflows.</p>
      <OAuthButtons providers={enabledOAuthProviders()} callbackUrl={callbackUrl} />
      <CredentialsForm mode="sign-in" action={signInAction} callbackUrl={callbackUrl} initialError={error} />
    </>
  );
}
