import type { TRPCLink } from "@trpc/client";
import { retryLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "@workflow-secrets/api/router";
import { WorkflowSecretsError } from "./errors";

/** Every error a call ends with becomes a WorkflowSecretsError (code, message, data). */
export function typedErrorLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (value) => observer.next(value),
          error: (error) => observer.error(WorkflowSecretsError.from(error)),
          complete: () => observer.complete(),
        }),
      );
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 3). 1 turns retries off. */
  attempts?: number;
  /** Delay before attempt n+1 in ms (default 250 ms doubling, at most 2 s). */
  delayMs?: (attempt: number) => number;
}

/**
 * Retries queries whose request got no answer (connection refused or reset, DNS): reads are safe to
 * repeat. Mutations are never retried (a create or a run could happen twice), and neither is any call
 * the API answered, even with an error.
 */
export function networkRetryLink(options: RetryOptions = {}): TRPCLink<AppRouter> {
  const attempts = Math.max(1, options.attempts ?? 3);
  return retryLink<AppRouter>({
    retry: ({ op, error, attempts: made }) => op.type === "query" && isNetworkError(error) && made < attempts,
    retryDelayMs: options.delayMs ?? ((attempt) => Math.min(2000, 250 * 2 ** (attempt - 1))),
  });
}

/** No response at all: tRPC puts the API's answer in `data`, so a failure without it never reached the API. */
function isNetworkError(error: { data?: unknown; shape?: unknown }): boolean {
  return error.data == null && error.shape == null;
}
