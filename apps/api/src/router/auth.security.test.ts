import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";

describe("auth (security)", () => {
  it("locks an email after 5 failed sign-ins in 15 minutes, even for the right password, then lifts", async () => {
    const user = await signUpUser();
    const other = await signUpUser();
    for (let i = 0; i < 5; i++) {
      await expectApiError(
        apiClient().auth.signIn.mutate({ email: user.email, password: `wrong-${i}-pass` }),
        "UNAUTHORIZED",
      );
    }
    const locked = await expectApiError(
      apiClient().auth.signIn.mutate({ email: user.email, password: user.password }),
      "TOO_MANY_REQUESTS",
    );
    expect(locked.message).toMatch(/too many failed sign-ins for this email: try again after \d{4}-/);
    expect(locked.data.httpStatus).toBe(429);
    // Another email is not affected.
    await expect(
      apiClient().auth.signIn.mutate({ email: other.email, password: other.password }),
    ).resolves.toBeTruthy();
    // Existing sessions keep working: the lock is on signing in, not on the account.
    await expect(user.api.auth.me.query()).resolves.toMatchObject({ email: user.email });

    // Age the failures past the window: the lock lifts and a success clears the count.
    await execute(
      "UPDATE login_attempts SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-16 minutes') WHERE email = ?",
      user.email,
    );
    await expect(
      apiClient().auth.signIn.mutate({ email: user.email, password: user.password }),
    ).resolves.toMatchObject({
      user: { email: user.email },
    });
    expect(await queryRows("SELECT * FROM login_attempts WHERE email = ?", user.email)).toEqual([]);
  });

  it("locks unknown emails too, so the lock does not reveal which accounts exist", async () => {
    const email = `ghost-${crypto.randomUUID()}@example.test`;
    for (let i = 0; i < 5; i++) {
      await expectApiError(
        apiClient().auth.signIn.mutate({ email, password: "guess-password" }),
        "UNAUTHORIZED",
      );
    }
    await expectApiError(
      apiClient().auth.signIn.mutate({ email, password: "guess-password" }),
      "TOO_MANY_REQUESTS",
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
