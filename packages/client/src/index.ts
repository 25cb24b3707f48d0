import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from "@trpc/client";
import type { AppRouter, RouterInputs, RouterOutputs } from "@workflow-secrets/api/router";

export type { AppRouter, RouterInputs, RouterOutputs };
export { TRPCClientError };

export interface ClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:8787` (tRPC lives at `${url}/trpc`). */
  url: string;
  /** A session or personal access token, sent as `Authorization: Bearer <token>`. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another fetch (a service binding's, a test's). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed tRPC client for the Workflow Secrets API, for Node, browsers and Workers.
 * No transformer: inputs and outputs are plain JSON, timestamps ISO-8601 strings.
 *
 * @example
 * const api = createClient({ url: "http://127.0.0.1:8787", token: process.env.WFS_TOKEN });
 * await api.secrets.create.mutate({ name: "stripe_secret", value });
 * const secrets = await api.secrets.list.query();
 */
export function createClient(options: ClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const fetchImpl = options.fetch;
  const url = `${base}/trpc`;
  async function headers() {
    const token = typeof options.token === "function" ? await options.token() : options.token;
    return token ? { Authorization: `Bearer ${token}` } : {};
  }
  // A wrapper, not the bare reference: a detached `fetch` throws "Illegal invocation" in browsers.
  const fetch = (input: unknown, init: unknown) =>
    (fetchImpl ?? globalThis.fetch)(input as RequestInfo, init as RequestInit);
  return createTRPCClient<AppRouter>({
    links: [
      // The API refuses a batch holding any auth.* call and batches of more than 10 calls
      // (MAX_BATCH_CALLS in apps/api/src/middleware/batch-guard.ts): auth.* goes alone.
      splitLink({
        condition: (op) => op.path.startsWith("auth."),
        true: httpLink({ url, headers, fetch }),
        false: httpBatchLink({ url, maxURLLength: 2000, maxItems: 10, headers, fetch }),
      }),
    ],
  });
}

export type Client = ReturnType<typeof createClient>;

/** The tRPC error code (`NOT_FOUND`, `UNAUTHORIZED`, …) of a failed call, if it came from the API. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown } | undefined;
    return typeof data?.code === "string" ? data.code : undefined;
  }
  return undefined;
}
