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

  let stepsBefore: unknown[] = [];
  let auditBefore: unknown[] = [];
  let runsBefore: Record<string, unknown>[] = [];

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

    await run(
      "INSERT INTO workflows (id, user_id, name, definition, trigger_type, updated_at) VALUES ('wf_1', 'usr_1', 'Nightly', '{}', 'manual', '2026-01-01T00:00:00.000Z')",
    );
    await run(
      "INSERT INTO runs (id, workflow_id, user_id, trigger_type, trigger_input, status, error, created_at, started_at, finished_at) VALUES ('run_1', 'wf_1', 'usr_1', 'manual', '{\"a\":1}', 'failed', 'boom [masked:key]', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:01.000Z', '2026-01-02T00:00:02.000Z')",
    );
    await run(
      "INSERT INTO run_steps (run_id, step_id, step_index, type, status, response, started_at, duration_ms) VALUES ('run_1', 'call', 0, 'http', 'failed', '{\"status\":500}', '2026-01-02T00:00:01.000Z', 12)",
    );
    await run(
      "INSERT INTO audit_events (id, user_id, action, secret_name, actor, workflow_id, run_id, created_at) VALUES ('aud_1', 'usr_1', 'secret.used', 'key', 'runner', 'wf_1', 'run_1', '2026-01-02T00:00:01.500Z')",
    );
    stepsBefore = await rows("SELECT * FROM run_steps");
    auditBefore = await rows("SELECT * FROM audit_events");
    runsBefore = await rows("SELECT * FROM runs");

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

  it("keeps every run, step and audit event; runs no longer depend on their workflow", async () => {
    expect(await rows("SELECT * FROM run_steps")).toEqual(stepsBefore);
    expect(await rows("SELECT * FROM runs")).toEqual(
      runsBefore.map((r) => ({ ...r, workflow_name: null, workflow_deleted_at: null })),
    );
    expect(await rows("SELECT * FROM audit_events")).toEqual(
      auditBefore.map((e) => ({
        ...(e as object),
        workflow_name: null,
        definition_sha256: null,
        token_id: null,
        token_name: null,
      })),
    );
    const schema = await rows<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE name IN ('runs', 'run_steps', 'audit_events')",
    );
    const sqlOf = (name: string) => schema.find((t) => t.name === name)?.sql ?? "";
    expect(sqlOf("runs")).not.toContain("REFERENCES");
    expect(sqlOf("run_steps")).toMatch(
      /REFERENCES [`"]?runs[`"]?\s*\(`?id`?\) ON UPDATE no action ON DELETE cascade/,
    );
    expect(sqlOf("audit_events")).not.toMatch(/`secret_name` text NOT NULL/);
    const indexes = await rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
    );
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        "runs_user_created_idx",
        "runs_workflow_created_idx",
        "run_steps_pk",
        "audit_events_user_created_idx",
      ]),
    );

    // Deleting the workflow leaves its runs and their steps; deleting a run still removes its steps.
    await run("DELETE FROM workflows WHERE id = 'wf_1'");
    expect(await rows("SELECT id FROM runs")).toEqual([{ id: "run_1" }]);
    expect(await rows("SELECT step_id FROM run_steps")).toEqual([{ step_id: "call" }]);
    await run("DELETE FROM runs WHERE id = 'run_1'");
    expect(await rows("SELECT step_id FROM run_steps")).toEqual([]);
    // A sign-in event names no secret.
    await run(
      "INSERT INTO audit_events (id, user_id, action, actor) VALUES ('aud_2', 'usr_1', 'sign_in.failed', 'anonymous')",
    );
  });
});

describe("0004 (secret type and sealed policy)", () => {
  let before0004: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await applyD1Migrations(db, before("0004"));
    await run(
      "INSERT OR IGNORE INTO users (id, email, password_hash) VALUES ('usr_4', 'd@example.test', 'x')",
    );
    await run(
      "INSERT INTO secrets (id, user_id, name, envelope, kid, preview, version, updated_at) VALUES ('sec_legacy', 'usr_4', 'legacy', 'wfs1.k.e.c', 'k', 'sk_l••••', 3, '2026-01-01T00:00:00.000Z')",
    );
    before0004 = await rows("SELECT * FROM secrets WHERE id = 'sec_legacy'");
    await applyD1Migrations(db, through("0004"));
  });

  it("keeps existing rows as legacy: type text, policy NULL (opened with the v1 aad, unrestricted)", async () => {
    const [after] = await rows<Record<string, unknown>>("SELECT * FROM secrets WHERE id = 'sec_legacy'");
    expect(after).toEqual({ ...before0004[0], type: "text", policy: null });
  });

  it("gives new rows type text by default and stores a policy as written", async () => {
    const policy = '{"destinations":["https://api.stripe.com"],"scripts":false}';
    await run(
      "INSERT INTO secrets (id, user_id, name, envelope, kid, preview, policy, updated_at) VALUES ('sec_new', 'usr_4', 'new', 'wfs1.k.e.c', 'k', '••••', ?, '2026-01-01T00:00:00.000Z')",
      policy,
    );
    expect(await rows("SELECT type, policy FROM secrets WHERE id = 'sec_new'")).toEqual([
      { type: "text", policy },
    ]);
  });
});

describe("0005 (run heartbeats and recoveries)", () => {
  beforeAll(async () => {
    await applyD1Migrations(db, before("0005"));
    await run(
      "INSERT OR IGNORE INTO users (id, email, password_hash) VALUES ('usr_5', 'e@example.test', 'x')",
    );
    const insert =
      "INSERT INTO runs (id, workflow_id, user_id, trigger_type, status, created_at, started_at) VALUES (?, 'wf_5', 'usr_5', 'manual', ?, '2026-03-01T00:00:00.000Z', ?)";
    await run(insert, "run_5_running", "running", "2026-03-01T00:00:05.000Z");
    await run(insert, "run_5_claimed_no_start", "running", null);
    await run(insert, "run_5_queued", "queued", null);
    await run(insert, "run_5_done", "succeeded", "2026-03-01T00:00:05.000Z");
    await applyD1Migrations(db, through("0005"));
  });

  it("gives running runs their last sign of life as heartbeat and every run zero recoveries", async () => {
    const migrated = await rows<{ id: string; heartbeat_at: string | null; recoveries: number }>(
      "SELECT id, heartbeat_at, recoveries FROM runs WHERE id LIKE 'run_5_%' ORDER BY id",
    );
    expect(migrated).toEqual([
      { id: "run_5_claimed_no_start", heartbeat_at: "2026-03-01T00:00:00.000Z", recoveries: 0 },
      { id: "run_5_done", heartbeat_at: null, recoveries: 0 },
      { id: "run_5_queued", heartbeat_at: null, recoveries: 0 },
      { id: "run_5_running", heartbeat_at: "2026-03-01T00:00:05.000Z", recoveries: 0 },
    ]);
    const indexes = await rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'");
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(["runs_status_idx", "runs_workflow_status_idx"]),
    );
  });
});

describe("0007 (secret lifecycle: kept versions, expiry, pins)", () => {
  let secretsBefore: Record<string, unknown>[] = [];

  beforeAll(async () => {
    await applyD1Migrations(db, before("0007"));
    await run(
      "INSERT OR IGNORE INTO users (id, email, password_hash) VALUES ('usr_7', 'g@example.test', 'x')",
    );
    await run(
      "INSERT INTO secrets (id, user_id, name, envelope, kid, preview, version, updated_at, policy) VALUES ('sec_7', 'usr_7', 'rotated_twice', 'wfs1.k.e3.c3', 'k', '••••abcd', 3, '2026-02-01T00:00:00.000Z', '{\"destinations\":[\"*\"],\"scripts\":true}')",
    );
    secretsBefore = await rows("SELECT * FROM secrets WHERE id = 'sec_7'");
    await applyD1Migrations(db, through("0007"));
  });

  it("keeps each existing secret as it was, and makes its current version the first kept one", async () => {
    const [after] = await rows<Record<string, unknown>>("SELECT * FROM secrets WHERE id = 'sec_7'");
    expect(after).toEqual({
      ...secretsBefore[0],
      sealed_version: null,
      versions_kept: 5,
      updated_by: "unknown",
      expires_at: null,
      expiry_warning_days: 14,
      state: "ok",
      failing_since: null,
      liveness_check: null,
      liveness_every_minutes: null,
      liveness_requested_at: null,
      liveness_checked_at: null,
      liveness_result: null,
    });
    expect(await rows("SELECT * FROM secret_versions WHERE secret_id = 'sec_7'")).toEqual([
      {
        secret_id: "sec_7",
        user_id: "usr_7",
        version: 3,
        sealed_version: 3,
        envelope: "wfs1.k.e3.c3",
        kid: "k",
        type: "text",
        policy: '{"destinations":["*"],"scripts":true}',
        preview: "••••abcd",
        expires_at: null,
        created_at: "2026-02-01T00:00:00.000Z",
        created_by: "unknown",
        rolled_back_from: null,
      },
    ]);
  });

  it("keeps every later version through the triggers, up to versions_kept before the current one", async () => {
    await run("UPDATE secrets SET versions_kept = 2 WHERE id = 'sec_7'");
    for (const v of [4, 5, 6]) {
      await run(
        "UPDATE secrets SET envelope = ?, version = ?, updated_by = 'token:tok_x', updated_at = ? WHERE id = 'sec_7'",
        `wfs1.k.e${v}.c${v}`,
        v,
        `2026-02-0${v}T00:00:00.000Z`,
      );
    }
    const kept = await rows<{ version: number; envelope: string; created_by: string }>(
      "SELECT version, envelope, created_by FROM secret_versions WHERE secret_id = 'sec_7' ORDER BY version",
    );
    expect(kept).toEqual([
      { version: 4, envelope: "wfs1.k.e4.c4", created_by: "token:tok_x" },
      { version: 5, envelope: "wfs1.k.e5.c5", created_by: "token:tok_x" },
      { version: 6, envelope: "wfs1.k.e6.c6", created_by: "token:tok_x" },
    ]);
    // A re-seal (same version, new envelope and kid) updates the kept row in place.
    await run("UPDATE secrets SET envelope = 'wfs1.n.e6.c6', kid = 'n' WHERE id = 'sec_7'");
    expect(
      await rows("SELECT envelope, kid FROM secret_versions WHERE secret_id = 'sec_7' AND version = 6"),
    ).toEqual([{ envelope: "wfs1.n.e6.c6", kid: "n" }]);
    // Deleting the secret deletes its kept versions.
    await run("DELETE FROM secrets WHERE id = 'sec_7'");
    expect(await rows("SELECT * FROM secret_versions WHERE secret_id = 'sec_7'")).toEqual([]);
  });
});
