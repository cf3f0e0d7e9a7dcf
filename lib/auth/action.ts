// The one wrapper every server action goes through: parse the form with zod, (optionally)
// require the signed-in user, and answer with a plain state object for useActionState.
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { logUnexpected } from "@/lib/db/faults";
import { RunServiceError } from "@/lib/runs/errors";
import { WorkspaceError } from "@/lib/workspaces/errors";
import { requireUser, type CurrentUser } from "./session";

/** D: what an action called from code (not a form) answers besides the message, e.g. a new run's id. */
export type ActionState<D = undefined> = {
  /** A message for the whole form. */
  error?: string;
  /** Messages per field, keyed by the field's name. */
  fieldErrors?: Record<string, string>;
  ok?: boolean;
  message?: string;
  /** Saved, but the user should know something (shown beside the message). */
  warning?: string;
  /** The submitted values (never passwords), so the form can show them again after an error. */
  values?: Record<string, string>;
  data?: D;
};

/** password, currentPassword, newPassword, confirmPassword…: never sent back. */
const isSecretField = (key: string) => /password/i.test(key);

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    // Next adds $ACTION_* fields for progressive enhancement; they are not user input.
    if (key.startsWith("$ACTION") || typeof value !== "string") continue;
    values[key] = value;
  }
  return values;
}

function echo(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !isSecretField(key)));
}

export function issuesToState<D = undefined>(error: z.ZodError, values: Record<string, string>): ActionState<D> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  const first = error.issues[0];
  return { error: first ? first.message : "Check the form and try again.", fieldErrors, values: echo(values) };
}

type Handler<S extends z.ZodType, Extra extends unknown[], D = undefined> = (
  data: z.output<S>,
  ...extra: Extra
) => Promise<ActionState<D> | void>;

async function run<D>(
  values: Record<string, string>,
  body: () => Promise<ActionState<D> | void>,
): Promise<ActionState<D>> {
  try {
    return (await body()) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound() and friends are control flow, not failures
    // A refusal (a stranger's id, a role without the right): said as it is, nothing was done.
    if (error instanceof RunServiceError || error instanceof WorkspaceError) return { error: error.message, values: echo(values) };
    logUnexpected("action", error);
    return { error: "Something went wrong on our side. Nothing was saved; try again.", values: echo(values) };
  }
}

/** An action anyone may call (sign-in, sign-up). */
export function validatedAction<S extends z.ZodType>(schema: S, handler: Handler<S, [FormData]>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formValues(formData);
    const parsed = schema.safeParse(values);
    if (!parsed.success) return issuesToState(parsed.error, values);
    return run(values, () => handler(parsed.data, formData));
  };
}

/** An action for signed-in people only; the handler receives the user. */
export function validatedActionWithUser<S extends z.ZodType, D = undefined>(
  schema: S,
  handler: Handler<S, [CurrentUser, FormData], D>,
) {
  return async (_previous: ActionState<D>, formData: FormData): Promise<ActionState<D>> => {
    const user = await requireUser();
    const values = formValues(formData);
    const parsed = schema.safeParse(values);
    if (!parsed.success) return issuesToState(parsed.error, values);
    return run(values, () => handler(parsed.data, user, formData));
  };
}
