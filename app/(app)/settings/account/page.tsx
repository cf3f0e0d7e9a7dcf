import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { Alert } from "@/components/ui/alert";
import { PasswordForm } from "../_components/password-form";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

type Props = { searchParams: Promise<{ changed?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requireUser();
  const { db } = await getDb();
  const [row] = await db.select({ hasPassword: users.passwordHash }).from(users).where(eq(users.id, user.id)).limit(1);
  return (
    <section aria-labelledby="password-heading" className="space-y-5">
      <div>
        <h2 id="password-heading" className="text-lg font-semibold text-zinc-900">
          Password
        </h2>
        <p className="mt-1 text-sm text-zinc-600">
          Changing it signs out every other browser and device signed in as {user.email}. Signing out anywhere signs out everywhere too.
        </p>
      </div>
      {(await searchParams).changed === "1" ? <Alert tone="success" className="max-w-xl">Password changed. Every other browser and device signed in to this account was signed out.</Alert> : null}
      {row?.hasPassword ? (
        <PasswordForm action={changePasswordAction} />
      ) : (
        <p className="rounded-2xl border border-dashed border-zinc-300 px-4 py-6 text-sm text-zinc-500">This account signs in with GitHub or Google: it has no password.</p>
      )}
    </section>
  );
}
