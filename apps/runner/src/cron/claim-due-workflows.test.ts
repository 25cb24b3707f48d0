import { env } from "cloudflare:workers";
import { runs, users, workflows } from "@workflow-secrets/db";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tick } from "../../test/worker/scheduled";
import { db, seedUser, seedWorkflow } from "../../test/worker/seed";
import { createMaskedLogger } from "../log/masked-logger";
import { claimDueWorkflows, MAX_PER_USER_PER_TICK } from "./claim-due-workflows";

const steps = [{ id: "noop", type: "script" as const, code: "return 1" }];
const schedule = (cron: string, timezone?: string) => ({
  name: "scheduled",
  trigger: { type: "schedule" as const, cron, ...(timezone ? { timezone } : {}) },
  steps,
});
const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});
const runsOf = async (ids: string[]) => db.select().from(runs).where(inArray(runs.workflowId, ids));

describe("cron: claimDueWorkflows", () => {
  it("two overlapping ticks dispatch each due workflow exactly once", async () => {
    const user = await seedUser();
    const past = new Date(Date.now() - 90_000).toISOString();
    const due = await Promise.all(
      [1, 2, 3].map(() => seedWorkflow(user, schedule("* * * * *"), { nextRunAt: past })),
    );
    const future = await seedWorkflow(user, schedule("* * * * *"), {
      nextRunAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const disabled = await seedWorkflow(user, schedule("* * * * *"), { nextRunAt: past, enabled: false });
    const unscheduled = await seedWorkflow(user, schedule("*/5 * * * *"));

    // Both ticks read the same due rows before either writes: the compare-and-set decides.
    const [a, b] = await Promise.all([
      claimDueWorkflows(env, new Date(), quiet),
      claimDueWorkflows(env, new Date(), quiet),
    ]);
    expect(a?.considered).toBeGreaterThanOrEqual(3);
    expect(b?.considered).toBeGreaterThanOrEqual(3);
    expect((a?.dispatched.length ?? 0) + (b?.dispatched.length ?? 0)).toBe(3);
    // And through the real scheduled handler, twice at once: nothing more is dispatched.
    await Promise.all([tick(), tick()]);

    const dispatched = await runsOf(due.map((w) => w.id));
    expect(dispatched.map((r) => r.workflowId).sort()).toEqual(due.map((w) => w.id).sort());
    expect(dispatched.every((r) => r.triggerType === "schedule" && r.scheduledFor === past)).toBe(true);
    // Run ids come from the shared generator, like the API's manual and webhook runs.
    expect(dispatched.every((r) => /^run_[A-Za-z0-9_-]{16}$/.test(r.id))).toBe(true);
    expect(dispatched[0]?.triggerInput).toEqual({ scheduledFor: past });
    expect(await runsOf([future.id, disabled.id, unscheduled.id])).toEqual([]);

    const rows = await db
      .select()
      .from(workflows)
      .where(inArray(workflows.id, [...due.map((w) => w.id), unscheduled.id]));
    for (const row of rows.filter((r) => r.id !== unscheduled.id))
      expect(Date.parse(row.nextRunAt ?? "")).toBeGreaterThan(Date.now() - 1000);
    // A workflow without next_run_at is never read by the claim: it stays as it is and never runs.
    expect(rows.find((r) => r.id === unscheduled.id)?.nextRunAt).toBeNull();
  });

  it("computes the next occurrence in the workflow's timezone, across a DST change", async () => {
    // 09:00 in New York: 14:00Z before the March 8, 2026 DST switch, 13:00Z after it.
    const user = await seedUser();
    const wf = await seedWorkflow(user, schedule("0 9 * * *", "America/New_York"), {
      nextRunAt: "2026-03-07T14:00:00.000Z",
    });
    const result = await claimDueWorkflows(env, new Date("2026-03-07T14:00:30Z"), quiet);
    expect(result.dispatched).toHaveLength(1);
    const row = await db.select().from(workflows).where(eq(workflows.id, wf.id)).get();
    expect(row?.nextRunAt).toBe("2026-03-08T13:00:00.000Z");
  });

  it("collapses missed occurrences into one run and skips an invalid pattern without blocking others", async () => {
    const user = await seedUser();
    const longAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const missed = await seedWorkflow(user, schedule("*/10 * * * *"), { nextRunAt: longAgo });
    const broken = await seedWorkflow(user, schedule("* * * * *"), { nextRunAt: longAgo });
    await db.update(workflows).set({ cron: "not a cron" }).where(eq(workflows.id, broken.id));

    const result = await claimDueWorkflows(env, new Date(), quiet);
    expect(result.skipped).toBeGreaterThanOrEqual(1);
    expect(await runsOf([missed.id])).toHaveLength(1);
    expect(await runsOf([broken.id])).toEqual([]);
    // The broken one is parked, so it does not take a place in every later tick.
    const parked = await db.select().from(workflows).where(eq(workflows.id, broken.id)).get();
    expect(parked?.nextRunAt).toBeNull();
  });

  it("one user's never-firing schedules and due backlog cannot keep another user's schedule from running", async () => {
    const flooder = await seedUser();
    const other = await seedUser();
    const longAgo = new Date(Date.now() - 86_400_000);
    // 200 enabled schedules without next_run_at (what a never-firing cron used to store) and 250 due
    // ones, all older than the other user's single due workflow.
    // One statement per kind (a recursive CTE counts the rows), so 450 rows take two round trips.
    const insertMany = (count: number, nextRunAt: string | null) =>
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO workflows (id, user_id, name, definition, trigger_type, cron, next_run_at, enabled, updated_at)
         SELECT 'wf_flood_' || lower(hex(randomblob(12))), ?2, 'flood', ?3, 'schedule', '* * * * *',
           CASE WHEN ?4 IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S.000Z', ?4, '+' || i || ' seconds') END,
           1, ?5
         FROM n`,
      )
        .bind(count, flooder, JSON.stringify(schedule("* * * * *")), nextRunAt, longAgo.toISOString())
        .run();
    try {
      await insertMany(200, null);
      await insertMany(250, longAgo.toISOString());
      const victim = await seedWorkflow(other, schedule("* * * * *"), {
        nextRunAt: new Date(Date.now() - 60_000).toISOString(),
      });

      const result = await claimDueWorkflows(env, new Date(), quiet);
      const victimRuns = await runsOf([victim.id]);
      expect(victimRuns).toHaveLength(1);
      expect(result.dispatched).toContain(victimRuns[0]?.id);
      const flooded = await db.select().from(runs).where(eq(runs.userId, flooder));
      expect(flooded.length).toBeGreaterThan(0);
      expect(flooded.length).toBeLessThanOrEqual(MAX_PER_USER_PER_TICK);
      // The rows without next_run_at were not read, so not touched either.
      const unscheduled = await db.select().from(workflows).where(eq(workflows.userId, flooder));
      expect(unscheduled.filter((w) => w.nextRunAt === null)).toHaveLength(200);
    } finally {
      // Storage is shared by every test file: leave no due backlog behind for the next tick.
      await db.delete(users).where(inArray(users.id, [flooder, other]));
    }
  });
});
