import { useCallback } from "preact/hooks";
import { apiErrorCode, describeApiError } from "../lib/api";
import { clearSession } from "../lib/connection-client";

/** Error → message for the user; an expired session also signs the extension out. */
export function useDescribeError(serverUrl: string): (error: unknown) => string {
  return useCallback(
    (error: unknown) => {
      if (apiErrorCode(error) === "UNAUTHORIZED") void clearSession();
      return describeApiError(error, serverUrl);
    },
    [serverUrl],
  );
}
