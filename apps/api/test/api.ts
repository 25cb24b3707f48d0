// Imported by path, not by package name: the client already depends on this package for AppRouter,
// and a dependency back would make a cycle in the workspace graph.
import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { createClient, errorCode, TRPCClientError } from "../../../packages/client/src/index";
import type { AppRouter } from "../src/router/root";

/** Every response body the API sent in this test file, for the canary sweep. */
export const responseBodies: string[] = [];

export const API_URL = "http://api.test";

/** SELF.fetch through the real HTTP surface (Hono → tRPC), recording each response body. */
export async function recordingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await SELF.fetch(input instanceof URL ? input.toString() : input, init);
  responseBodies.push(await response.clone().text());
  return response;
}

/**
 * A client of the real HTTP surface. `clientAddress` is sent as `CF-Connecting-IP`, the address the
 * sign-in and sign-up throttles count by; without it every caller shares the client `unknown`.
 */
export function apiClient(token?: string, clientAddress?: string) {
  const fetch = clientAddress
    ? (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("CF-Connecting-IP", clientAddress);
        return recordingFetch(input, { ...init, headers });
      }
    : recordingFetch;
  return createClient({ url: API_URL, token, fetch: fetch as typeof globalThis.fetch });
}

/** A random documentation-range address (RFC 3849), to act as a client no other test uses. */
export function freshClientAddress(): string {
  const hex = crypto.randomUUID().replaceAll("-", "");
  return `2001:db8::${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}`;
}

export type ApiClient = ReturnType<typeof apiClient>;

let userCounter = 0;

/** A fresh account with its own client. */
export async function signUpUser(label = "user") {
  userCounter += 1;
  const email = `${label}-${userCounter}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${crypto.randomUUID()}`;
  // Each sign-up from its own client, so the per-client sign-up throttle never slows a test down.
  const signedUp = await apiClient(undefined, freshClientAddress()).auth.signUp.mutate({ email, password });
  return { ...signedUp, email, password, api: apiClient(signedUp.token) };
}

/** Awaits a call that must fail and returns the tRPC error after checking its code. */
export async function expectApiError(call: Promise<unknown>, code: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}, but the call succeeded`).toBeInstanceOf(TRPCClientError);
  expect(errorCode(error)).toBe(code);
  return error as TRPCClientError<AppRouter> & { data: NonNullable<TRPCClientError<AppRouter>["data"]> };
}

/** A minimal valid definition; steps reference the given secret names. */
export function httpWorkflow(name: string, secretNames: string[] = [], trigger: object = { type: "manual" }) {
  return {
    name,
    trigger: trigger as { type: "manual" },
    steps: [
      {
        id: "call",
        type: "http" as const,
        method: "POST" as const,
        url: "https://example.test/endpoint",
        headers: Object.fromEntries(secretNames.map((s, i) => [`X-Key-${i}`, `{{secrets.${s}}}`])),
        body: { type: "json" as const, value: { hello: "{{trigger.name}}" } },
      },
    ],
  };
}
