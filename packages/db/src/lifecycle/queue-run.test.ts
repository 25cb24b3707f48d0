import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, deliveredMessages, expectDelivered, seedWorkflow, unavailableQueue } from "../../test/seed";
import { runs } from "../schema";
import { queueRun, RUN_NOT_QUEUED_MESSAGE } from "./queue-run";

const runRow = (runId: string) => db.select().from(runs).where(eq(runs.id, runId)).get();

describe("queueRun", () => {
  it("inserts the run queued with its trigger, then sends { runId } to the Queue", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const trigger = { body: { event: "order.paid" }, headers: { "content-type": "application/json" } };
    const result = await queueRun(db, env.RUNS_QUEUE, {
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: trigger,
    });
    expect(result).toEqual({ status: "queued", runId: expect.stringMatching(/^run_[A-Za-z0-9_-]{16}$/) });
    expect(await runRow(result.runId)).toMatchObject({
      workflowId,
      userId,
      triggerType: "webhook",
      triggerInput: trigger,
      status: "queued",
      error: null,
      finishedAt: null,
    });
    await expectDelivered([result.runId]);
    expect((await deliveredMessages()).filter((m) => m.runId === result.runId)).toEqual([
      { runId: result.runId },
    ]);
  });

  it("when the send fails, marks the run failed with one message and tells the caller to retry", async () => {
    const { userId, workflowId } = await seedWorkflow();
    const result = await queueRun(db, unavailableQueue, {
      workflowId,
      userId,
      triggerType: "manual",
      triggerInput: null,
    });
    expect(result).toMatchObject({ status: "not-queued", message: "the run could not be queued; try again" });
    expect(result.status === "not-queued" && result.error).toBeInstanceOf(Error);
    const row = await runRow(result.runId);
    expect(row).toMatchObject({ status: "failed", error: RUN_NOT_QUEUED_MESSAGE, triggerType: "manual" });
    expect(Date.parse(row?.finishedAt ?? "")).not.toBeNaN();
  });
});
