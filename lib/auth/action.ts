// The one wrapper every server action goes through: parse the form with zod, (optionally)
// require the signed-in user, and answer with a plain state object for useActionState.
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireUser, type CurrentUser } from "./session";

export type ActionState = {
  /** A message for the whole form. */
  error?: string;
  /** Messages per field, keyed by the field's name. */
  fieldErrors?: Record<string, string>;
  ok?: boolean;
  message?: string;
  /** The submitted values (never passwords), so the form can show them again after an error. */
  values?: Record<string, string>;
};

const SECRET_FIELDS = new Set(["password"]);

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
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.has(key)));
}

export function issuesToState(error: z.ZodError, values: Record<string, string>): ActionState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fieldErrors[key] ??= issue.message;
  }
  const first = error.issues[0];
  return { error: first ? first.message : "Check the form and try again.", fieldErrors, values: echo(values) };
}

type Handler<S extends z.ZodType, Extra extends unknown[]> = (
  data: z.output<S>,
  ...extra: Extra
) => Promise<ActionState | void>;

async function run(
  values: Record<string, string>,
  body: () => Promise<ActionState | void>,
): Promise<ActionState> {
  try {
    return (await body()) ?? { ok: true };
  } catch (error) {
    unstable_rethrow(error); // redirect(), notFound() and friends are control flow, not failures
    console.error("[action] unexpected error", error);
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
export function validatedActionWithUser<S extends z.ZodType>(
  schema: S,
  handler: Handler<S, [CurrentUser, FormData]>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await requireUser();
    const values = formValues(formData);
    const parsed = schema.safeParse(values);
    if (!parsed.success) return issuesToState(parsed.error, values);
    return run(values, () => handler(parsed.data, user, formData));
  };
}
