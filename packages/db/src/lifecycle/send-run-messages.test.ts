import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliveredMessages, expectDelivered, unavailableQueue } from "../../test/seed";
import { runMessageSchema } from "./run-message";
import { sendRunMessages } from "./send-run-messages";

describe("sendRunMessages", () => {
  it("sends one message per run in batches the Queue accepts (250 runs: 100 + 100 + 50)", async () => {
    const runIds = Array.from({ length: 250 }, (_, i) => `run_batch_${i}`);
    // The Queue itself refuses more than 100 messages in one sendBatch.
    await expect(
      env.RUNS_QUEUE.sendBatch(runIds.slice(0, 101).map((runId) => ({ body: { runId } }))),
    ).rejects.toThrow();

    await sendRunMessages(env.RUNS_QUEUE, runIds);
    await expectDelivered(runIds);
    const delivered = (await deliveredMessages()).filter((m) => m.runId.startsWith("run_batch_"));
    expect(delivered).toHaveLength(250);
    expect(delivered.every((m) => runMessageSchema.safeParse(m).success)).toBe(true);
  });

  it("marks recoveries with resume: true", async () => {
    await sendRunMessages(env.RUNS_QUEUE, ["run_resume_1"], { resume: true });
    await expectDelivered(["run_resume_1"]);
    const delivered = (await deliveredMessages()).filter((m) => m.runId === "run_resume_1");
    expect(delivered).toEqual([{ runId: "run_resume_1", resume: true }]);
  });

  it("sends nothing for no runs, and a failed batch throws to its caller", async () => {
    await expect(sendRunMessages(unavailableQueue, [])).resolves.toBeUndefined();
    await expect(sendRunMessages(unavailableQueue, ["run_a"])).rejects.toThrow("service unavailable");
  });
});

describe("runMessageSchema", () => {
  it("accepts only a bounded, non-empty run id", () => {
    expect(runMessageSchema.parse({ runId: "run_x", extra: 1 })).toEqual({ runId: "run_x" });
    expect(runMessageSchema.safeParse({ runId: "" }).success).toBe(false);
    expect(runMessageSchema.safeParse({ runId: "x".repeat(129) }).success).toBe(false);
    expect(runMessageSchema.safeParse("run_x").success).toBe(false);
  });

  it("carries resume only as the literal true (a recovery of a stale running run)", () => {
    expect(runMessageSchema.parse({ runId: "run_x", resume: true })).toEqual({
      runId: "run_x",
      resume: true,
    });
    expect(runMessageSchema.safeParse({ runId: "run_x", resume: "yes" }).success).toBe(false);
    expect(runMessageSchema.safeParse({ runId: "run_x", resume: false }).success).toBe(false);
  });
});
