import { WorkflowSecretsError } from "@workflow-secrets/client";
import { ExitCode, type ExitCodeValue } from "./exit-codes";

/** A failure to report to the user: one line saying what happened, one saying what to do next. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.GENERAL,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const EXIT_BY_API_CODE: Record<string, ExitCodeValue> = {
  UNAUTHORIZED: ExitCode.AUTH,
  FORBIDDEN: ExitCode.AUTH,
  NOT_FOUND: ExitCode.NOT_FOUND,
  CONFLICT: ExitCode.CONFLICT,
  PRECONDITION_FAILED: ExitCode.CONFLICT,
  BAD_REQUEST: ExitCode.INVALID,
  NETWORK_ERROR: ExitCode.UNREACHABLE,
};

/** Any error a command ends with, as a CliError whose hint says what to do next. */
export function toCliError(error: unknown, apiUrl: string | undefined): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof WorkflowSecretsError) {
    const exitCode = EXIT_BY_API_CODE[error.code] ?? ExitCode.GENERAL;
    const issues = error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const message =
      error.code === "NETWORK_ERROR"
        ? `cannot reach the API (${error.message})`
        : issues.length > 1
          ? `the API refused the request:\n  ${issues.join("\n  ")}`
          : error.message;
    return new CliError(message, exitCode, hintFor(error, apiUrl));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(message, ExitCode.GENERAL);
}

function hintFor(error: WorkflowSecretsError, apiUrl: string | undefined): string | undefined {
  switch (error.code) {
    case "NETWORK_ERROR":
      return `nothing answered at ${apiUrl ?? "the API URL"}: start the stack (pnpm dev) or pass the right --url / WFS_URL`;
    case "UNAUTHORIZED":
      return "sign in again with `wfs login` (or set WFS_TOKEN to a valid token)";
    case "FORBIDDEN":
      return "this token's scopes do not allow it: create a token with the scope named above, or `wfs login` with your password";
    case "NOT_FOUND":
      return "check the name or id: `wfs secrets ls`, `wfs workflows ls` and `wfs runs ls` list yours";
    case "TOO_MANY_REQUESTS":
      return error.retryAfterSeconds
        ? `wait ${error.retryAfterSeconds} s, then try again`
        : "wait a minute, then try again";
    case "SERVICE_UNAVAILABLE":
    case "INTERNAL_SERVER_ERROR":
      return "try again; if it keeps failing, check the API's logs";
    default:
      return undefined;
  }
}
