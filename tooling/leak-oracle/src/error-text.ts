/** Everything an error could print: message, stack, String() and JSON, and the same for its causes. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = [error.message, error.stack ?? "", String(error), JSON.stringify(error)];
  return [...own, ...(error.cause === undefined ? [] : [errorText(error.cause)])].join("\n");
}
