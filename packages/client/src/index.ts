import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  splitLink,
  type TRPCClient,
  TRPCClientError,
} from "@trpc/client";
import type { AppRouter, RouterInputs, RouterOutputs } from "@workflow-secrets/api/router";
import { networkRetryLink, type RetryOptions, typedErrorLink } from "./links";

export {
  errorCode,
  type SecretUser,
  type ValidationIssue,
  WorkflowSecretsError,
  type WorkflowSecretsErrorCode,
} from "./errors";
export type { AppRouter, RetryOptions, RouterInputs, RouterOutputs };
export { TRPCClientError };

export interface ClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:8787` (tRPC lives at `${url}/trpc`). */
  url: string;
  /** A session or personal access token, sent as `Authorization: Bearer <token>`. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another fetch (a service binding's, a test's). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Retries of queries that got no answer (mutations are never retried). Default: 3 attempts. */
  retry?: RetryOptions;
}

/**
 * A typed tRPC client for the Workflow Secrets API, for Node, browsers and Workers.
 * No transformer: inputs and outputs are plain JSON, timestamps ISO-8601 strings.
 * Every failed call throws a {@link WorkflowSecretsError}.
 *
 * @example
 * const api = createClient({ url: "http://127.0.0.1:8787", token: process.env.WFS_TOKEN });
 * await api.secrets.create.mutate({ name: "stripe_secret", value });
 * const secrets = await api.secrets.list.query();
 */
export function createClient(options: ClientOptions): Client {
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
      typedErrorLink(),
      networkRetryLink(options.retry),
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

/** The typed client: `client.<router>.<procedure>.query(input)` / `.mutate(input)`. */
export type Client = TRPCClient<AppRouter>;
