import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/**
 * Migrations run on databases that already hold data. Each test migrates an empty database up to just
 * before the migration under test, writes rows as the older code wrote them, applies the migration
 * and checks that the rows survived in their new form.
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

describe("0002 (tokens, audit, previews)", () => {
  it("rewrites every stored preview to the new rule, exactly, from the old preview alone", async () => {
    await applyD1Migrations(db, before("0002"));
    await db
      .prepare("INSERT INTO users (id, email, password_hash) VALUES ('usr_1', 'a@example.test', 'x')")
      .run();
    const old: Record<string, string> = {
      short: "••••••••", // a value under 16 characters
      medium: "••••••••mnop", // 16-23 characters: showed the last 4
      long: "sk_l••••••••wxyz", // 24+: showed the first 4 and the last 4
      emoji: "🔑🔑🔑🔑••••••••🔑🔑🔑🔑",
    };
    for (const [name, preview] of Object.entries(old)) {
      await db
        .prepare(
          "INSERT INTO secrets (id, user_id, name, envelope, kid, preview, updated_at) VALUES (?, 'usr_1', ?, 'wfs1.k.e.c', 'k', ?, '2026-01-01T00:00:00.000Z')",
        )
        .bind(`sec_${name}`, name, preview)
        .run();
    }

    await applyD1Migrations(db, through("0002"));

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
    // Same as createPreview would compute today for values of those lengths.
    expect(new Set(Object.values(migrated).map((p) => Array.from(p).length))).toEqual(new Set([16]));
  });
});
