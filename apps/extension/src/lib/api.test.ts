import { TRPCClientError } from "@workflow-secrets/client";
import { describe, expect, it } from "vitest";
import { apiErrorCode, describeApiError } from "./api";

const server = "http://127.0.0.1:8787";
const apiError = (code: string, message: string) =>
  TRPCClientError.from({ error: { message, code: -32600, data: { code, httpStatus: 400 } } });

describe("describeApiError", () => {
  it("tells the user what to do when the server is unreachable", () => {
    const offline = new TypeError("Failed to fetch");
    expect(apiErrorCode(offline)).toBe("NETWORK");
    expect(describeApiError(offline, server)).toBe(
      "Can't reach the server at http://127.0.0.1:8787. Start it (pnpm dev) or check the address, then try again.",
    );
  });

  it("maps session and rate errors to a next step", () => {
    expect(describeApiError(apiError("UNAUTHORIZED", "token revoked"), server)).toBe(
      "Your session has ended. Sign in again.",
    );
    expect(describeApiError(apiError("TOO_MANY_REQUESTS", "slow down"), server)).toMatch(/Wait a minute/);
  });

  it("shows the API's own message as a sentence otherwise", () => {
    const conflict = apiError(
      "CONFLICT",
      'a secret named "x" already exists: use secrets.update to rotate it',
    );
    expect(apiErrorCode(conflict)).toBe("CONFLICT");
    expect(describeApiError(conflict, server)).toBe(
      'A secret named "x" already exists: use secrets.update to rotate it.',
    );
  });
});
