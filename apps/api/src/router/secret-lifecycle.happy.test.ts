import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const jwtExpiringAt = (date: Date) =>
  `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "svc", exp: Math.floor(date.getTime() / 1000) })}.c2lnbmF0dXJlLXBsYWNlaG9sZGVy`;

describe("secret versions and rollback (happy paths)", () => {
  it("keeps every rotated version, lists them without values, and rolls back as a new version", async () => {
    const user = await signUpUser("versions");
    await user.api.secrets.create.mutate({ name: "stripe_secret", value: "sk_test_version_one_0000001" });
    await user.api.secrets.update.mutate({ name: "stripe_secret", value: "sk_test_version_two_0000002" });
    await user.api.secrets.update.mutate({ name: "stripe_secret", value: "sk_test_version_three_003" });

    const listed = await user.api.secrets.versions.query({ name: "stripe_secret" });
    expect(listed.currentVersion).toBe(3);
    expect(listed.versions.map((v) => [v.version, v.current, v.createdBy.kind, v.preview])).toEqual([
      [3, true, "session", "••••••••••••_003"],
      [2, false, "session", "••••••••••••0002"],
      [1, false, "session", "••••••••••••0001"],
    ]);
    expect(JSON.stringify(listed)).not.toContain("version_one");

    const rolled = await user.api.secrets.rollback.mutate({ name: "stripe_secret", version: 1 });
    expect(rolled).toMatchObject({ version: 4, rolledBackFrom: 1, preview: "••••••••••••0001" });
    const after = await user.api.secrets.versions.query({ name: "stripe_secret" });
    expect(after.versions.map((v) => [v.version, v.rolledBackFrom])).toEqual([
      [4, 1],
      [3, null],
      [2, null],
      [1, null],
    ]);
    // The current row reuses version 1's envelope, and says which version its aad names.
    const row = await env.DB.prepare(
      "SELECT s.version, s.sealed_version, s.envelope = v.envelope AS same FROM secrets s JOIN secret_versions v ON v.secret_id = s.id AND v.version = 1 WHERE s.name = 'stripe_secret' AND s.user_id = ?",
    )
      .bind(user.user.id)
      .first();
    expect(row).toEqual({ version: 4, sealed_version: 1, same: 1 });

    const audit = await user.api.audit.list.query({});
    expect(audit.items[0]).toMatchObject({
      action: "secret.rolled_back",
      secretName: "stripe_secret",
      detail: { version: 4, from: 1 },
    });
  });

  it("keeps only versionsKept versions before the current one", async () => {
    const user = await signUpUser("kept");
    await user.api.secrets.create.mutate({ name: "short_lived", value: "value-number-000", versionsKept: 2 });
    for (let i = 1; i <= 4; i++) {
      await user.api.secrets.update.mutate({ name: "short_lived", value: `value-number-00${i}` });
    }
    const { versions } = await user.api.secrets.versions.query({ name: "short_lived" });
    expect(versions.map((v) => v.version)).toEqual([5, 4, 3]);
    await user.api.secrets.configure.mutate({ name: "short_lived", versionsKept: 0 });
    expect((await user.api.secrets.versions.query({ name: "short_lived" })).versions).toHaveLength(1);
  });

  it("reads a JWT's exp at entry, and list shows expiring and expired states", async () => {
    const user = await signUpUser("expiry");
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    const saved = await user.api.secrets.create.mutate({ name: "api_jwt", value: jwtExpiringAt(inTenDays) });
    expect(saved.expiresAt).toBe(new Date(Math.floor(inTenDays.getTime() / 1000) * 1000).toISOString());
    await user.api.secrets.create.mutate({
      name: "old_key",
      value: "plain-value-0123456789",
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await user.api.secrets.create.mutate({
      name: "far_key",
      value: "plain-value-9876543210",
      expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    });
    const states = Object.fromEntries(
      (await user.api.secrets.list.query()).map((s) => [s.name, [s.state, s.expiresAt !== null]]),
    );
    expect(states).toEqual({
      api_jwt: ["expiring", true],
      far_key: ["ok", true],
      old_key: ["expired", true],
    });
    // A narrower warning window makes the JWT ok again; a rotation without a date clears the expiry.
    await user.api.secrets.configure.mutate({ name: "api_jwt", expiryWarningDays: 3 });
    await user.api.secrets.update.mutate({ name: "old_key", value: "plain-value-new-0123" });
    const after = Object.fromEntries((await user.api.secrets.list.query()).map((s) => [s.name, s.state]));
    expect(after).toMatchObject({ api_jwt: "ok", old_key: "ok" });
  });

  it("sets a liveness check, lists it by its request line, and takes an on-demand request", async () => {
    const user = await signUpUser("liveness");
    await user.api.secrets.create.mutate({ name: "stripe_secret", value: "sk_test_liveness_0000001" });
    await user.api.secrets.setLivenessCheck.mutate({
      name: "stripe_secret",
      check: {
        method: "GET",
        url: "https://api.stripe.test/v1/balance",
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
      },
      everyMinutes: 60,
    });
    const asked = await user.api.secrets.checkLiveness.mutate({ name: "stripe_secret" });
    const [listed] = await user.api.secrets.list.query();
    expect(listed?.liveness).toEqual({
      request: "GET https://api.stripe.test/v1/balance",
      everyMinutes: 60,
      checkedAt: null,
      requestedAt: asked.requestedAt,
      result: null,
    });
    const row = await env.DB.prepare("SELECT liveness_requested_at AS at FROM secrets WHERE user_id = ?")
      .bind(user.user.id)
      .first();
    expect(row).toEqual({ at: asked.requestedAt });
    await user.api.secrets.setLivenessCheck.mutate({ name: "stripe_secret", check: null });
    expect((await user.api.secrets.list.query())[0]?.liveness).toBeNull();
  });

  it("calls a secret unused after 90 days without a run, counted from its last use or value", async () => {
    const user = await signUpUser("unused");
    await user.api.secrets.create.mutate({ name: "stale_key", value: "stale-value-0123456" });
    await user.api.secrets.create.mutate({ name: "used_key", value: "used-value-0123456" });
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    await env.DB.prepare(
      "UPDATE secrets SET updated_at = ?1, last_used_at = NULL WHERE user_id = ?2 AND name = 'stale_key'",
    )
      .bind(old, user.user.id)
      .run();
    await env.DB.prepare(
      "UPDATE secrets SET updated_at = ?1, last_used_at = ?2 WHERE user_id = ?3 AND name = 'used_key'",
    )
      .bind(old, recent, user.user.id)
      .run();
    const states = Object.fromEntries((await user.api.secrets.list.query()).map((s) => [s.name, s.state]));
    expect(states).toEqual({ stale_key: "unused", used_key: "ok" });
  });
});
