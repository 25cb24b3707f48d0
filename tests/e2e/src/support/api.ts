import { randomBytes } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Client, createClient, errorCode } from "@workflow-secrets/client";
import { inject } from "vitest";
import { fileId } from "./file-id";

/**
 * fetch that keeps every API response body of this test file for the leak sweep. Everything the
 * suite receives from the API goes through here (client calls and webhook deliveries alike).
 */
export const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const body = await response.clone().text();
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  appendFileSync(
    join(inject("recordDir"), `responses-${fileId}.jsonl`),
    `${JSON.stringify({ url, status: response.status, body })}\n`,
  );
  return response;
};

export type User = { client: Client; token: string; id: string; email: string };

const sessions: { email: string; token: string }[] = [];
let signUps = 0;

/** Signs up a fresh user through the API; the leak sweep later reads their run history too. */
export async function signUpUser(label: string): Promise<User> {
  const email = `${label}-${randomBytes(4).toString("hex")}@example.com`;
  // Each user signs up from a client address of their own, as different people would: the suite
  // signs up more users than one address may in an hour (the per-client sign-up throttle).
  const client = `198.51.100.${(signUps++ % 250) + 1}-${fileId}`;
  const anonymous = createClient({
    url: inject("apiUrl"),
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("cf-connecting-ip", client);
      return recordingFetch(input, { ...init, headers });
    },
  });
  const session = await anonymous.auth.signUp.mutate({ email, password: "correct horse battery staple 42" });
  sessions.push({ email, token: session.token });
  writeFileSync(join(inject("recordDir"), `sessions-${fileId}.json`), JSON.stringify(sessions));
  return {
    client: createClient({ url: inject("apiUrl"), token: session.token, fetch: recordingFetch }),
    token: session.token,
    id: session.user.id,
    email,
  };
}

/** The tRPC error code a call failed with (`NOT_FOUND`, …), or "resolved" when it did not fail. */
export async function failureCode(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    return errorCode(error) ?? String(error);
  }
}

/** The error a call failed with, for asserting its message and data. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ code?: string; message: string; data: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { message: string; data?: unknown; shape?: { data?: unknown } };
    return { code: errorCode(error), message: e.message, data: e.shape?.data ?? e.data };
  }
  throw new Error("expected the call to fail, it succeeded");
}
