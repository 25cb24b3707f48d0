import { env } from "cloudflare:workers";
import { auditEvents, runSteps, runs, userSettings } from "@workflow-secrets/db";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, seedUser, uid } from "../../test/worker/seed";
import { createMaskedLogger } from "../log/masked-logger";
import { purgeOldHistory, RUNS_PURGED_PER_TICK } from "./purge-old-history";

const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function oldRun(
  userId: string,
  days: number,
  status: "succeeded" | "failed" | "running" = "succeeded",
) {
  const id = uid("run");
  const createdAt = daysAgo(days);
  await db
    .insert(runs)
    .values({ id, workflowId: "wf_gone", userId, triggerType: "manual", status, createdAt });
  await db.insert(runSteps).values({
    runId: id,
    stepId: "a",
    stepIndex: 0,
    type: "script",
    status: "succeeded",
    startedAt: createdAt,
  });
  return id;
}
async function oldEvent(userId: string, days: number) {
  const id = uid("aud");
  await db
    .insert(auditEvents)
    .values({ id, userId, action: "sign_in.succeeded", actor: "token:x", createdAt: daysAgo(days) });
  return id;
}
const remainingRuns = async (ids: string[]) =>
  (await db.select({ id: runs.id }).from(runs).where(inArray(runs.id, ids))).map((r) => r.id).sort();
const remainingSteps = async (ids: string[]) =>
  (await db.select({ id: runSteps.runId }).from(runSteps).where(inArray(runSteps.runId, ids))).length;
const remainingEvents = async (ids: string[]) =>
  (await db.select({ id: auditEvents.id }).from(auditEvents).where(inArray(auditEvents.id, ids)))
    .map((r) => r.id)
    .sort();

describe("cron: purgeOldHistory (retention)", () => {
  it("deletes finished runs (with their steps) and audit events past each owner's retention, and nothing else", async () => {
    const byDefault = await seedUser();
    const shortKeeper = await seedUser();
    await db.insert(userSettings).values({
      userId: shortKeeper,
      runRetentionDays: 7,
      auditRetentionDays: 30,
      updatedAt: new Date().toISOString(),
    });
    const expiredDefault = await oldRun(byDefault, 31);
    const keptDefault = await oldRun(byDefault, 29);
    const stillRunning = await oldRun(byDefault, 40, "running");
    const expiredShort = await oldRun(shortKeeper, 8, "failed");
    const keptShort = await oldRun(shortKeeper, 6);
    const auditExpiredDefault = await oldEvent(byDefault, 366);
    const auditKeptDefault = await oldEvent(byDefault, 300);
    const auditExpiredShort = await oldEvent(shortKeeper, 31);
    const auditKeptShort = await oldEvent(shortKeeper, 29);

    await purgeOldHistory(env, new Date(), quiet);

    const allRuns = [expiredDefault, keptDefault, stillRunning, expiredShort, keptShort];
    expect(await remainingRuns(allRuns)).toEqual([keptDefault, stillRunning, keptShort].sort());
    expect(await remainingSteps([expiredDefault, expiredShort])).toBe(0);
    expect(await remainingSteps([keptDefault, keptShort])).toBe(2);
    const allEvents = [auditExpiredDefault, auditKeptDefault, auditExpiredShort, auditKeptShort];
    expect(await remainingEvents(allEvents)).toEqual([auditKeptDefault, auditKeptShort].sort());
  });

  it(`deletes at most ${RUNS_PURGED_PER_TICK} runs per tick; the backlog drains over the next ticks`, async () => {
    const user = await seedUser();
    const ids = Array.from({ length: RUNS_PURGED_PER_TICK + 5 }, () => uid("run"));
    const createdAt = daysAgo(90);
    const rows = ids.map((id) => ({
      id,
      workflowId: "wf_gone",
      userId: user,
      triggerType: "manual" as const,
      status: "succeeded" as const,
      createdAt,
    }));
    // 8 columns a row: 12 rows stay under D1's 100 bound parameters.
    for (let i = 0; i < rows.length; i += 12) await db.insert(runs).values(rows.slice(i, i + 12));

    const left = async () =>
      (await db.select({ id: runs.id }).from(runs).where(eq(runs.userId, user))).length;
    const first = await purgeOldHistory(env, new Date(), quiet);
    expect(first.runs).toBe(RUNS_PURGED_PER_TICK);
    expect(await left()).toBe(5);
    await purgeOldHistory(env, new Date(), quiet);
    expect(await left()).toBe(0);
  });

  it("deletes the hourly run counters of past hours, keeps this hour's", async () => {
    const user = await seedUser();
    const thisHour = new Date().toISOString().slice(0, 13);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO user_hourly_runs (user_id, hour, runs) VALUES (?1, '2000-01-01T00', 5)",
      ).bind(user),
      env.DB.prepare("INSERT INTO user_hourly_runs (user_id, hour, runs) VALUES (?1, ?2, 2)").bind(
        user,
        thisHour,
      ),
    ]);
    await purgeOldHistory(env, new Date(), quiet);
    const { results } = await env.DB.prepare("SELECT hour FROM user_hourly_runs WHERE user_id = ?1")
      .bind(user)
      .all();
    expect(results).toEqual([{ hour: thisHour }]);
  });

  it("a settings row written without values has the documented defaults (30 and 365 days)", async () => {
    const user = await seedUser();
    await db.insert(userSettings).values({ userId: user, updatedAt: new Date().toISOString() });
    const [row] = await db.select().from(userSettings).where(eq(userSettings.userId, user));
    expect(row).toMatchObject({ runRetentionDays: 30, auditRetentionDays: 365 });
  });
});
