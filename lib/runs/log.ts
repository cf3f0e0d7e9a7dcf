// What the run service writes to the server log about a failure: the first line of the message
// only. Database errors append the query's parameters (a snapshot holds node outputs, which can
// hold secret values), so those never reach the log.
export function describeError(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.split("\n")[0].slice(0, 300);
}
