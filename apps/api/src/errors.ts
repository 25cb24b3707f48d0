import { TRPCError } from "@trpc/server";

/**
 * The closed set of error codes the API answers with. Anything else a procedure throws becomes
 * INTERNAL_SERVER_ERROR with a generic message (see the error formatter in trpc.ts).
 */
export const apiErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  /** A valid token whose scopes do not allow the procedure; the message names the scope needed. */
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
  "INTERNAL_SERVER_ERROR",
  /** Retryable: a dependency (the runs Queue) refused; the message says to try again. */
  "SERVICE_UNAVAILABLE",
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/** Structured detail carried to the client in `error.data` (never a secret value). */
export interface ApiErrorDetail {
  usedBy?: { workflowId: string; workflowName: string }[];
  /** Path-based problems, like zod's: `{ path: "steps[1].headers.Authorization", message }`. */
  issues?: { path: string; message: string }[];
  /** TOO_MANY_REQUESTS: seconds until the next attempt is allowed (also sent as `Retry-After`). */
  retryAfterSeconds?: number;
}

/** A `cause` that carries structured detail and marks the message as safe to show. */
export class ApiErrorCause extends Error {
  override readonly name = "ApiErrorCause";
  constructor(readonly detail: ApiErrorDetail = {}) {
    super("api error detail");
  }
}

/** Misconfiguration whose message (a binding or variable name, never a value) is shown as is. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

export function apiError(code: ApiErrorCode, message: string, detail?: ApiErrorDetail): TRPCError {
  return new TRPCError({ code, message, cause: detail ? new ApiErrorCause(detail) : undefined });
}

/**
 * A run whose Queue send failed (queueRun has marked it failed): retryable, and the message says so.
 * The send's error becomes the cause, so the 5xx log line names it.
 */
export function runNotQueued(result: { message: string; error: unknown }): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: result.message, cause: result.error });
}

/** The one NOT_FOUND for ids and names: another user's and a missing one answer identically. */
export function notFound(kind: "secret" | "workflow" | "run" | "token" | "connect", key: string): TRPCError {
  const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
  return apiError("NOT_FOUND", `no ${kind} "${shown}"`);
}
