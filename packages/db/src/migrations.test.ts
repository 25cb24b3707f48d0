import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * Migrations run on databases that already hold data. The database is migrated up to just before the
 * migration under test, rows are written as the older code wrote them, the migration is applied, and
 * each test checks that its rows survived in their new form.
 */
const db = env.MIGRATION_DB;
const before = (prefix: string) => env.TEST_MIGRATIONS.filter((m) => m.name < prefix);
const through = (prefix: string) => env.TEST_MIGRATIONS.filter((m) => m.name.slice(0, 4) <= prefix);

async function rows<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await db
      .prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}
const run = (sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .bind(...params)
    .run();
const days = (iso: string | null | undefined) => (Date.parse(iso ?? "") - Date.now()) / 86_400_000;

describe("0002 (token scopes, audit, runs of deleted workflows, previews)", () => {
  const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
  const far = new Date(Date.now() + 3000 * 86_400_000).toISOString();
  const oldPreviews: Record<string, string> = {
    short: "••••••••", // a value under 16 characters
    medium: "••••••••mnop", // 16-23 characters: showed the last 4
    long: "sk_l••••••••wxyz", // 24+: showed the first 4 and the last 4
    emoji: "🔑🔑🔑🔑••••••••🔑🔑🔑🔑",
  };

  beforeAll(async () => {
    await applyD1Migrations(db, before("0002"));
    await run("INSERT INTO users (id, email, password_hash) VALUES ('usr_1', 'a@example.test', 'x')");
    for (const [name, preview] of Object.entries(oldPreviews)) {
      await run(
        "INSERT INTO secrets (id, user_id, name, envelope, kid, preview, updated_at) VALUES (?, 'usr_1', ?, 'wfs1.k.e.c', 'k', ?, '2026-01-01T00:00:00.000Z')",
        `sec_${name}`,
        name,
        preview,
      );
    }
    const token =
      "INSERT INTO api_tokens (id, user_id, kind, name, token_hash, expires_at) VALUES (?, 'usr_1', ?, ?, ?, ?)";
    await run(token, "tok_forever", "personal", "forever", "h1", null);
    await run(token, "tok_soon", "personal", "soon", "h2", soon);
    await run(token, "tok_far", "personal", "far", "h3", far);
    await run(token, "tok_session", "session", "sign-in", "h4", soon);

    await applyD1Migrations(db, through("0002"));
  });

  it("rewrites every stored preview to the new rule, exactly, from the old preview alone", async () => {
    const migrated = Object.fromEntries(
      (await rows<{ name: string; preview: string }>("SELECT name, preview FROM secrets")).map((r) => [
        r.name,
        r.preview,
      ]),
    );
    expect(migrated).toEqual({
      short: "••••••••••••••••",
      medium: "••••••••••••••••",
      long: "••••••••••••wxyz",
      emoji: "••••••••••••🔑🔑🔑🔑",
    });
    // What createPreview computes today for values of those lengths: one width for all.
    expect(new Set(Object.values(migrated).map((p) => Array.from(p).length))).toEqual(new Set([16]));
  });

  it("gives existing personal tokens every scope and an expiry within the new maximum; sessions stay unscoped", async () => {
    const tokens = Object.fromEntries(
      (
        await rows<{ id: string; scopes: string | null; expires_at: string | null }>(
          "SELECT id, scopes, expires_at FROM api_tokens",
        )
      ).map((r) => [r.id, r]),
    );
    for (const id of ["tok_forever", "tok_soon", "tok_far"]) {
      expect(tokens[id]?.scopes, id).toBe("read runs:read secrets:write workflows:write");
    }
    expect(days(tokens.tok_forever?.expires_at)).toBeCloseTo(90, 0);
    expect(tokens.tok_soon?.expires_at).toBe(soon);
    expect(days(tokens.tok_far?.expires_at)).toBeCloseTo(365, 0);
    expect(tokens.tok_session).toEqual({ id: "tok_session", scopes: null, expires_at: soon });
  });
});
