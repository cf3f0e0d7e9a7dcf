/** FormData from plain fields: how client code calls a server action made with validatedActionWithUser. */
export function formDataOf(fields: Record<string, string | undefined>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) data.set(key, value);
  return data;
}
