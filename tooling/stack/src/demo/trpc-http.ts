/**
 * Calls one tRPC procedure over plain HTTP (the API has no transformer), so root scripts need no
 * client dependency. Queries use GET, mutations POST, exactly like `httpLink`.
 */
export class TrpcCallError extends Error {
  override readonly name = "TrpcCallError";
  constructor(
    readonly procedure: string,
    readonly code: string,
    message: string,
  ) {
    super(`${procedure}: ${code}: ${message}`);
  }
}

export async function callTrpc<T>(
  apiUrl: string,
  procedure: string,
  options: { kind: "query" | "mutation"; input?: unknown; token?: string },
): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const url = new URL(`${apiUrl}/trpc/${procedure}`);
  let init: RequestInit = { method: "GET", headers };
  if (options.kind === "query") {
    if (options.input !== undefined) url.searchParams.set("input", JSON.stringify(options.input));
  } else {
    init = { method: "POST", headers, body: JSON.stringify(options.input ?? null) };
  }
  const response = await fetch(url, init);
  const payload = (await response.json().catch(() => ({}))) as {
    result?: { data?: T };
    error?: { message?: string; data?: { code?: string } };
  };
  if (!response.ok || payload.error) {
    throw new TrpcCallError(
      procedure,
      payload.error?.data?.code ?? String(response.status),
      payload.error?.message ?? response.statusText,
    );
  }
  return payload.result?.data as T;
}
