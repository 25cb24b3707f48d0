import { describe, expect, it } from "vitest";
import { API_URL, freshClientAddress, recordingFetch, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";
import { SIGN_IN_POLICIES, SIGN_UP_POLICY } from "../auth/auth-throttles";

const FREE = SIGN_IN_POLICIES.accountClient.freeAttempts;

/** One sign-in as its own HTTP request from `client`: status, message and Retry-After. */
async function signInRequest(email: string, password: string, client: string) {
  const response = await recordingFetch(`${API_URL}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", "CF-Connecting-IP": client },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as {
    error?: { message: string };
    result?: { data: { token: string } };
  };
  return {
    status: response.status,
    message: body.error?.message,
    token: body.result?.data.token,
    retryAfter: response.headers.get("retry-after"),
  };
}

/** Lets every throttle key of this email be tried again now, as if its delay had passed. */
const waitOutDelays = (email: string) =>
  execute("UPDATE auth_throttle SET next_allowed_at = 0 WHERE key LIKE ?", `%${email}%`);

describe("auth (security)", () => {
  it("counts concurrent sign-ins atomically: 20 parallel wrong passwords get exactly the free attempts", async () => {
    const user = await signUpUser();
    const client = freshClientAddress();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInRequest(user.email, `wrong-${i}-password`, client)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(FREE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - FREE);
    // The right password from that client must now wait too: no guess slipped past the count.
    const right = await signInRequest(user.email, user.password, client);
    expect(right.status).toBe(429);
    expect(right.token).toBeUndefined();
  });

  it("a stranger's failures from client A do not stop the owner signing in from client B", async () => {
    const owner = await signUpUser("owner");
    const strangerClient = freshClientAddress();
    for (let i = 0; i < FREE; i++) {
      const failed = await signInRequest(owner.email, `stranger-guess-${i}`, strangerClient);
      expect(failed.status).toBe(401);
    }
    const throttled = await signInRequest(owner.email, `stranger-guess-${FREE}`, strangerClient);
    expect(throttled.status).toBe(429);
    expect(throttled.message).toMatch(
      /^too many sign-in attempts: try again in (29|30) seconds \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
    expect(throttled.retryAfter).toMatch(/^(29|30)$/);

    // The owner, from their own client, signs in at once, and again (nothing builds up against them).
    const ownerClient = freshClientAddress();
    for (let i = 0; i < 2; i++) {
      const signedIn = await signInRequest(owner.email, owner.password, ownerClient);
      expect(signedIn.status).toBe(200);
      expect(signedIn.token).toMatch(/^wfss_/);
    }
    // Existing sessions were never affected.
    await expect(owner.api.auth.me.query()).resolves.toMatchObject({ email: owner.email });
  });

  it("backs off per account+client: each allowed attempt after the free ones doubles the wait", async () => {
    const user = await signUpUser();
    const client = freshClientAddress();
    for (let i = 0; i < FREE; i++) await signInRequest(user.email, `wrong-${i}-password`, client);
    const waits: string[] = [];
    for (let round = 0; round < 3; round++) {
      const blocked = await signInRequest(user.email, "wrong-again-password", client);
      expect(blocked.status).toBe(429);
      waits.push(blocked.retryAfter ?? "none");
      await waitOutDelays(user.email);
      expect((await signInRequest(user.email, "wrong-again-password", client)).status).toBe(401);
    }
    // 30 s after the 5th failure, then 60 s after the 6th, 120 s after the 7th (± a second of clock).
    expect(waits.map((w) => Math.round(Number(w) / 10) * 10)).toEqual([30, 60, 120]);
    // Once allowed, the right password works and clears this client for this account.
    await waitOutDelays(user.email);
    expect((await signInRequest(user.email, user.password, client)).status).toBe(200);
    expect(
      await queryRows(
        "SELECT key FROM auth_throttle WHERE key LIKE 'signin:account-client:%' AND key LIKE ?",
        `%${user.email}%`,
      ),
    ).toEqual([]);
  });

  it("throttles one client across accounts, and unknown emails exactly like known ones", async () => {
    const client = freshClientAddress();
    const free = SIGN_IN_POLICIES.client.freeAttempts;
    // Pre-age the client key to its last free attempt instead of paying for 30 password checks.
    await execute(
      `INSERT INTO auth_throttle VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      `signin:client:${client}`,
      free - 1,
      Date.now(),
      Date.now(),
      Date.now() + 3_600_000,
      free,
      30_000,
      900_000,
      3_600_000,
    );
    const ghost = `ghost-${crypto.randomUUID()}@example.test`;
    expect((await signInRequest(ghost, "guess-password", client)).status).toBe(401);
    const blocked = await signInRequest(
      `other-${crypto.randomUUID()}@example.test`,
      "guess-password",
      client,
    );
    expect(blocked.status).toBe(429);
    // The same for a real account's email: the throttle does not tell which accounts exist.
    const user = await signUpUser();
    expect((await signInRequest(user.email, user.password, client)).status).toBe(429);
    expect((await signInRequest(user.email, user.password, freshClientAddress())).status).toBe(200);
  });

  it("a success takes its attempt back from the client's count but cannot reset it", async () => {
    const user = await signUpUser();
    const client = freshClientAddress();
    expect(
      (await signInRequest(`x-${crypto.randomUUID()}@example.test`, "guess-password", client)).status,
    ).toBe(401);
    expect((await signInRequest(user.email, user.password, client)).status).toBe(200);
    const [row] = await queryRows<{ attempts: number }>(
      "SELECT attempts FROM auth_throttle WHERE key = ?",
      `signin:client:${client}`,
    );
    expect(row?.attempts).toBe(1);
  });

  it("the per-account ceiling (guessing spread over many clients) answers 429 from every client", async () => {
    const user = await signUpUser();
    const policy = SIGN_IN_POLICIES.account;
    await execute(
      `INSERT INTO auth_throttle VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      `signin:account:${user.email}`,
      policy.freeAttempts + 3,
      Date.now(),
      Date.now() + 40_000,
      Date.now() + policy.windowMs,
      policy.freeAttempts,
      policy.baseDelayMs,
      policy.maxDelayMs,
      policy.windowMs,
    );
    const blocked = await signInRequest(user.email, user.password, freshClientAddress());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(policy.maxDelayMs / 1000);
  });

  it("rate-limits sign-ups per client, so probing which emails have accounts (CONFLICT) is slow", async () => {
    const existing = await signUpUser("existing");
    const prober = freshClientAddress();
    const free = SIGN_UP_POLICY.freeAttempts;
    const signUp = (email: string, client: string) =>
      recordingFetch(`${API_URL}/trpc/auth.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json", "CF-Connecting-IP": client },
        body: JSON.stringify({ email, password: "velvet otter climbs 7 quiet ladders" }),
      });
    const answers = await Promise.all(
      Array.from({ length: free + 5 }, (_, i) =>
        signUp(i % 2 === 0 ? existing.email : `probe-${i}-${crypto.randomUUID()}@example.test`, prober),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 409 || s === 200)).toHaveLength(free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const throttled = answers.find((a) => a.status === 429) as Response;
    const body = (await throttled.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(
      /^too many sign-ups from this address: try again in \d+ seconds \(at /,
    );
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client still signs up.
    expect((await signUp(`fresh-${crypto.randomUUID()}@example.test`, freshClientAddress())).status).toBe(
      200,
    );
  });

  it("stores a PBKDF2 hash, never the password, and only token hashes", async () => {
    const user = await signUpUser();
    const [row] = await queryRows<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE id = ?",
      user.user.id,
    );
    expect(row?.password_hash).toMatch(/^pbkdf2-sha256\$/);
    expect(row?.password_hash).not.toContain(user.password);
    const tokens = await queryRows<{ token_hash: string }>(
      "SELECT token_hash FROM api_tokens WHERE user_id = ?",
      user.user.id,
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(tokens)).not.toContain(user.token);
  });
});
