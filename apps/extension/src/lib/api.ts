import { createClient } from "@workflow-secrets/client";

export type ApiClient = ReturnType<typeof createClient>;

export function connectApi(serverUrl: string, token?: string): ApiClient {
  return createClient({ url: serverUrl, token });
}

interface TrpcLikeError {
  message?: string;
  data?: { code?: string; httpStatus?: number } | null;
  cause?: unknown;
}

/** The tRPC error code ("UNAUTHORIZED", "CONFLICT", …), or "NETWORK" when the server never answered. */
export function apiErrorCode(error: unknown): string {
  const e = error as TrpcLikeError;
  if (e?.data?.code) return e.data.code;
  if (error instanceof TypeError || e?.cause instanceof TypeError || /fetch/i.test(e?.message ?? "")) {
    return "NETWORK";
  }
  return "UNKNOWN";
}

/** A message that says what happened and what to do next. */
export function describeApiError(error: unknown, serverUrl: string): string {
  const code = apiErrorCode(error);
  const serverMessage = (error as TrpcLikeError)?.message?.trim();
  switch (code) {
    case "NETWORK":
      return `Can't reach the server at ${serverUrl}. Start it (pnpm dev) or check the address, then try again.`;
    case "UNAUTHORIZED":
      return "Your session has ended. Sign in again.";
    case "TOO_MANY_REQUESTS":
      return "Too many attempts. Wait a minute, then try again.";
    case "INTERNAL_SERVER_ERROR":
      return "The server had a problem. Try again; if it keeps happening, check the server logs.";
    default:
      return serverMessage ? asSentence(serverMessage) : "Something went wrong. Try again.";
  }
}

/** The API writes lower-case clauses ("email or password is incorrect"); show them as sentences. */
function asSentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
