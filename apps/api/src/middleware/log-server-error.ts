/**
 * The only place the API logs failures: server errors (5xx) only, as the error's class name and where
 * it happened. Messages are not logged: during secrets.create a plaintext is in memory, and a lower
 * layer could have quoted it.
 */
export function logServerError(where: string, error: unknown, requestId?: string): void {
  const name = error instanceof Error ? error.name : typeof error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.name : undefined;
  console.error(
    JSON.stringify({ level: "error", msg: "request failed", where, error: name, cause, requestId }),
  );
}
