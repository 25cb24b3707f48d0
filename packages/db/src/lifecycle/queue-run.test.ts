import { env } from "cloudflare:workers";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  db,
  deliveredMessages,
  dumpDatabase,
  expectDelivered,
  seedWorkflow,
  unavailableQueue,
} from "../../test/seed";
import { runs, runTriggers } from "../schema";
import { queueRun, RUN_NOT_QUEUED_MESSAGE, TRIGGER_TOO_LARGE_MESSAGE } from "./queue-run";
import { hourOf } from "./run-limits";
import { MAX_SEALED_TRIGGER_CHARS, openTrigger } from "./sealed-trigger";

const pair = await generateSealingKeyPair();
const sealingKey = toPublicKey(pair);
const keyring = [toKeyringEntry(pair)];

const runRow = (runId: string) => db.select().from(runs).where(eq(runs.id, runId)).get();
const sealedRow = (runId: string) => db.select().from(runTriggers).where(eq(runTriggers.runId, runId)).get();

describe("queueRun", () => {
  it("inserts the run queued with its trigger sealed (never in plaintext), then sends { runId }", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const token = `shared_${crypto.randomUUID()}`;
    const trigger = {
      body: { event: "order.paid", token },
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    };
    const result = await queueRun(db, env.RUNS_QUEUE, {
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: trigger,
      sealingKey,
    });
    if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
    expect(result.runId).toMatch(/^run_[A-Za-z0-9_-]{16}$/);
    expect(await runRow(result.runId)).toMatchObject({
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: null,
      status: "queued",
      error: null,
      finishedAt: null,
    });
    const sealed = await sealedRow(result.runId);
    expect(sealed?.envelope).toMatch(/^wfs1\./);
    const slot = { userId, workflowId, runId: result.runId };
    expect(await openTrigger(sealed?.envelope ?? "", slot, keyring)).toEqual(trigger);
    // Bound to its run: it does not open as another run's trigger.
    await expect(
      openTrigger(sealed?.envelope ?? "", { ...slot, runId: "run_other" }, keyring),
    ).rejects.toMatchObject({ code: "tampered" });
    expect(await dumpDatabase()).not.toContain(token);
    await expectDelivered([result.runId]);
    expect((await deliveredMessages()).filter((m) => m.runId === result.runId)).toEqual([
      { runId: result.runId },
    ]);
  });

  it("stores no sealed row for a run without input", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const result = await queueRun(db, env.RUNS_QUEUE, {
      workflowId,
      userId,
      triggerType: "manual",
      triggerInput: null,
      sealingKey,
    });
    if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
    expect(await sealedRow(result.runId)).toBeUndefined();
    expect((await runRow(result.runId))?.triggerInput).toBeNull();
  });

  it("when the send fails, marks the run failed, deletes the sealed trigger and tells the caller to retry", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const result = await queueRun(db, unavailableQueue, {
      workflowId,
      userId,
      triggerType: "manual",
      triggerInput: { note: "hello" },
      sealingKey,
    });
    expect(result).toMatchObject({ status: "not-queued", message: "the run could not be queued; try again" });
    if (result.status !== "not-queued") throw new Error("queued");
    expect(result.error).toBeInstanceOf(Error);
    const row = await runRow(result.runId);
    expect(row).toMatchObject({ status: "failed", error: RUN_NOT_QUEUED_MESSAGE, triggerType: "manual" });
    expect(Date.parse(row?.finishedAt ?? "")).not.toBeNaN();
    expect(await sealedRow(result.runId)).toBeUndefined();
  });

  it("refuses a trigger whose sealed form would not fit in a D1 row, and stores nothing", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const before = (await db.select().from(runs).where(eq(runs.workflowId, workflowId))).length;
    // base64url turns 3 bytes into 4 characters: this JSON seals to just over the limit.
    const padding = "x".repeat(Math.ceil((MAX_SEALED_TRIGGER_CHARS * 3) / 4));
    const result = await queueRun(db, env.RUNS_QUEUE, {
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: { body: padding, headers: {} },
      sealingKey,
    });
    expect(result).toEqual({ status: "too-large", message: TRIGGER_TOO_LARGE_MESSAGE });
    expect((await db.select().from(runs).where(eq(runs.workflowId, workflowId))).length).toBe(before);
  });

  it("a 1 MiB body with its headers fits", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const body = "y".repeat(1024 * 1024);
    const trigger = { body, headers: { "content-type": "text/plain", "x-extra": "z".repeat(8000) } };
    const result = await queueRun(db, env.RUNS_QUEUE, {
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: trigger,
      sealingKey,
    });
    if (result.status !== "queued") throw new Error(`not queued: ${result.status}`);
    const sealed = await sealedRow(result.runId);
    expect(sealed?.envelope.length).toBeLessThanOrEqual(MAX_SEALED_TRIGGER_CHARS);
    const slot = { userId, workflowId, runId: result.runId };
    expect(await openTrigger(sealed?.envelope ?? "", slot, keyring)).toEqual(trigger);
  });
});

describe("run_triggers", () => {
  it("the sealed trigger is deleted as soon as the run's status leaves queued/running, by any writer", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await queueRun(db, env.RUNS_QUEUE, {
        workflowId,
        userId,
        triggerType: "manual",
        triggerInput: { i },
        sealingKey,
      });
      if (result.status !== "queued") throw new Error("not queued");
      ids.push(result.runId);
    }
    const [toSucceed, toFail, keepRunning] = ids as [string, string, string];
    for (const id of ids) await db.update(runs).set({ status: "running" }).where(eq(runs.id, id));
    for (const id of ids) expect(await sealedRow(id)).toBeDefined();
    await db.update(runs).set({ status: "succeeded" }).where(eq(runs.id, toSucceed));
    // A raw statement, as any other code path (or a later terminal state) would write it.
    await env.DB.prepare("UPDATE runs SET status = 'failed' WHERE id = ?").bind(toFail).run();
    expect(await sealedRow(toSucceed)).toBeUndefined();
    expect(await sealedRow(toFail)).toBeUndefined();
    expect(await sealedRow(keepRunning)).toBeDefined();
  });
});

describe("queueRun within limits", () => {
  const count = async (sql: string, ...params: string[]) =>
    (
      await env.DB.prepare(sql)
        .bind(...params)
        .first<{ n: number }>()
    )?.n ?? 0;

  it("refuses a run beyond the workflow's queued cap: nothing stored, nothing sent; room again once one starts", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const limits = { maxQueuedPerWorkflow: 2, maxRunsPerHourPerUser: 100 };
    const start = () =>
      queueRun(db, env.RUNS_QUEUE, {
        workflowId,
        userId,
        triggerType: "webhook",
        triggerInput: { n: 1 },
        sealingKey,
        limits,
      });
    const first = await start();
    const second = await start();
    expect([first.status, second.status]).toEqual(["queued", "queued"]);
    const third = await start();
    expect(third).toEqual({
      status: "limited",
      limit: "queued-per-workflow",
      message:
        "this workflow already has 2 runs waiting to start, the most it may have queued; nothing was queued, try again once they have started",
      retryAfterSeconds: 30,
    });
    expect(await count("SELECT count(*) AS n FROM runs WHERE workflow_id = ?", workflowId)).toBe(2);
    expect(
      await count(
        "SELECT count(*) AS n FROM run_triggers t JOIN runs r ON r.id = t.run_id WHERE r.workflow_id = ?",
        workflowId,
      ),
    ).toBe(2);

    if (first.status !== "queued") throw new Error("expected queued");
    await db.update(runs).set({ status: "running" }).where(eq(runs.id, first.runId));
    const fourth = await start();
    expect(fourth.status).toBe("queued");
    if (fourth.status === "queued") await expectDelivered([fourth.runId]);
  });

  it("refuses a run beyond the user's hourly quota (a counter per clock hour), saying when the next hour starts", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const other = await seedWorkflow();
    const limits = { maxQueuedPerWorkflow: 100, maxRunsPerHourPerUser: 3 };
    const start = (wf = workflowId, user = userId) =>
      queueRun(db, env.RUNS_QUEUE, {
        workflowId: wf,
        userId: user,
        triggerType: "manual",
        triggerInput: null,
        sealingKey,
        limits,
      });
    const hour = hourOf(new Date());
    for (let i = 0; i < 3; i++) expect((await start()).status).toBe("queued");
    const refused = await start();
    expect(refused).toMatchObject({ status: "limited", limit: "runs-per-hour" });
    if (refused.status !== "limited") throw new Error("expected limited");
    expect(refused.message).toMatch(
      /^your account started 3 runs this hour, the most it may; nothing was queued, try again after \d\d:00 UTC$/,
    );
    const toNextHour = Math.ceil((Math.floor(Date.now() / 3_600_000 + 1) * 3_600_000 - Date.now()) / 1000);
    expect(Math.abs(refused.retryAfterSeconds - toNextHour)).toBeLessThanOrEqual(2);
    expect(await count("SELECT count(*) AS n FROM runs WHERE user_id = ?", userId)).toBe(3);
    // Counted once per run that went in; the refused one did not move the counter.
    expect(
      await count("SELECT runs AS n FROM user_hourly_runs WHERE user_id = ? AND hour = ?", userId, hour),
    ).toBe(3);
    // Another user has their own quota.
    expect((await start(other.workflowId, other.userId)).status).toBe("queued");
    // A past hour's counter no longer counts.
    await env.DB.prepare("UPDATE user_hourly_runs SET hour = '2000-01-01T00' WHERE user_id = ?")
      .bind(userId)
      .run();
    expect((await start()).status).toBe("queued");
  });
});
