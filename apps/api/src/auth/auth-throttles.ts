import type { Db } from "@workflow-secrets/db";
import { apiError } from "../errors";
import { claimAttempt, describeWait, releaseAttempt, type ThrottlePolicy } from "./throttle";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Sign-in throttles. There is no lock a stranger controls: a stranger's failures slow down their own
 * client (per account+client, then per client across accounts), while the per-account ceiling, far
 * higher and with short delays, only bounds guessing spread over many clients. The owner signing in
 * from their own client meets a fresh account+client key.
 */
export const SIGN_IN_POLICIES = {
  /** One account from one client: 5 free attempts an hour, then 30 s, 1 min, 2 min … up to 15 min. */
  accountClient: { freeAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, windowMs: HOUR },
  /** One client across all accounts: 30 free attempts an hour, then the same backoff. */
  client: { freeAttempts: 30, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE, windowMs: HOUR },
  /** One account from everywhere: 100 free attempts an hour, then 5 s doubling up to 1 min. */
  account: { freeAttempts: 100, baseDelayMs: 5_000, maxDelayMs: MINUTE, windowMs: HOUR },
} satisfies Record<string, ThrottlePolicy>;

/**
 * Sign-ups from one client: 10 an hour, then 1 min doubling up to 30 min. Every sign-up counts
 * (CONFLICT tells that an email has an account, so sign-up is where enumeration happens).
 */
export const SIGN_UP_POLICY: ThrottlePolicy = {
  freeAttempts: 10,
  baseDelayMs: MINUTE,
  maxDelayMs: 30 * MINUTE,
  windowMs: 2 * HOUR,
};

function signInKeys(email: string, client: string) {
  return {
    accountClient: `signin:account-client:${email}|${client}`,
    client: `signin:client:${client}`,
    account: `signin:account:${email}`,
  };
}

function tooMany(what: string, retryAt: number) {
  const wait = describeWait(retryAt);
  return apiError("TOO_MANY_REQUESTS", `too many ${what}: try again ${wait.text}`, {
    retryAfterSeconds: wait.seconds,
  });
}

/** Counts a sign-in attempt BEFORE the password is checked; throws TOO_MANY_REQUESTS when it must wait. */
export async function claimSignIn(db: Db, email: string, client: string): Promise<void> {
  const keys = signInKeys(email, client);
  const claim = await claimAttempt(db, [
    { key: keys.accountClient, policy: SIGN_IN_POLICIES.accountClient },
    { key: keys.client, policy: SIGN_IN_POLICIES.client },
    { key: keys.account, policy: SIGN_IN_POLICIES.account },
  ]);
  if (!claim.allowed) throw tooMany("sign-in attempts", claim.retryAt);
}

/** The right password: this client is cleared for this account; the wider keys take the attempt back. */
export async function signInSucceeded(db: Db, email: string, client: string): Promise<void> {
  const keys = signInKeys(email, client);
  await releaseAttempt(db, [keys.accountClient], [keys.client, keys.account]);
}

/** Counts a sign-up from this client; throws TOO_MANY_REQUESTS when it must wait. */
export async function claimSignUp(db: Db, client: string): Promise<void> {
  const claim = await claimAttempt(db, [{ key: `signup:client:${client}`, policy: SIGN_UP_POLICY }]);
  if (!claim.allowed) throw tooMany("sign-ups from this address", claim.retryAt);
}
