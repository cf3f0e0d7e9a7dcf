import type { Metadata } from "next";
import { connection } from "next/server";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { enabledOAuthProviders } from "@/lib/auth/auth.config";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  await connection(); // rendered per request: the OAuth buttons follow the running server's environment
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Create your account</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">Build, run and watch workflows in minutes.</p>
      <OAuthButtons providers={enabledOAuthProviders()} />
      <CredentialsForm mode="sign-up" action={signUpAction} />
    </>
  );
}
