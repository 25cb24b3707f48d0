import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@workflow-secrets/api/router";

/** The codes the API answers with, plus NETWORK_ERROR when no answer arrived (server down, DNS, reset). */
export type WorkflowSecretsErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR"
  | "SERVICE_UNAVAILABLE"
  | "NETWORK_ERROR"
  | (string & {});

/** A workflow that references a secret (`PRECONDITION_FAILED` on secrets.delete). */
export interface SecretUser {
  workflowId: string;
  workflowName: string;
}

/** A validation problem: `{ path: "steps[1].headers.Authorization", message }`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  usedBy?: SecretUser[];
  issues?: ValidationIssue[];
  retryAfterSeconds?: number;
}

/**
 * What every failed call of `createClient` throws. It is a `TRPCClientError` (so tRPC's own helpers
 * work), with the API's `code`, its `message` (which says what to do next) and its structured `data`.
 *
 * @example
 * try {
 *   await api.secrets.delete.mutate({ name: "stripe_secret" });
 * } catch (error) {
 *   if (error instanceof WorkflowSecretsError && error.code === "PRECONDITION_FAILED") {
 *     console.log(error.usedBy.map((w) => w.workflowName));
 *   }
 * }
 */
export class WorkflowSecretsError extends TRPCClientError<AppRouter> {
  /** The API's error code, or `NETWORK_ERROR` when the request got no answer. */
  readonly code: WorkflowSecretsErrorCode;
  /** The HTTP status the API answered with (undefined for NETWORK_ERROR). */
  readonly httpStatus: number | undefined;
  /** `PRECONDITION_FAILED` from secrets.delete: the workflows that reference the secret. */
  readonly usedBy: SecretUser[];
  /** `BAD_REQUEST` from validation: what is wrong, by path. */
  readonly issues: ValidationIssue[];
  /** `TOO_MANY_REQUESTS`: seconds until the next attempt is allowed. */
  readonly retryAfterSeconds: number | undefined;

  constructor(from: TRPCClientError<AppRouter>) {
    super(from.message, {
      cause: from.cause,
      result: from.shape ? { error: from.shape } : undefined,
      meta: from.meta,
    });
    // TRPCClientError resets the prototype to its own; restore ours so `instanceof` works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "WorkflowSecretsError";
    const data = (from.shape?.data ?? from.data ?? undefined) as ErrorData | undefined;
    this.code = typeof data?.code === "string" ? data.code : "NETWORK_ERROR";
    this.httpStatus = typeof data?.httpStatus === "number" ? data.httpStatus : undefined;
    this.usedBy = Array.isArray(data?.usedBy) ? data.usedBy : [];
    this.issues = Array.isArray(data?.issues) ? data.issues : [];
    this.retryAfterSeconds = typeof data?.retryAfterSeconds === "number" ? data.retryAfterSeconds : undefined;
  }

  /** Any error a call can fail with, as a WorkflowSecretsError (returned as is when it already is one). */
  static override from(cause: unknown): WorkflowSecretsError {
    if (cause instanceof WorkflowSecretsError) return cause;
    return new WorkflowSecretsError(TRPCClientError.from<AppRouter>(cause as Error));
  }
}

/** The API's error code (`NOT_FOUND`, `UNAUTHORIZED`, …) of a failed call, if the API answered. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof WorkflowSecretsError) return error.code === "NETWORK_ERROR" ? undefined : error.code;
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown } | undefined;
    return typeof data?.code === "string" ? data.code : undefined;
  }
  return undefined;
}
