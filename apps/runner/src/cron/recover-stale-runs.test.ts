import { env } from "cloudflare:workers";
import { runSteps, runs } from "@workflow-secrets/db";
import type { WorkflowDefinitionInput } from "@workflow-secrets/templating";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { runView } from "../../test/worker/run-view";
import { db, seedUser, seedWorkflow, uid } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";
import { createMaskedLogger } from "../log/masked-logger";
import { MAX_RECOVERIES, STALE_RUN_AFTER_MS } from "../run/heartbeat";
import { GAVE_UP_MESSAGE, recoverStaleRuns } from "./recover-stale-runs";

const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * The state a consumer leaves when it dies while step "two" is in flight: run `running`, step "one"
 * stored, step "two" `running`, heartbeat from before the crash.
 */
async function crashedDuringStepTwo(
  two: WorkflowDefinitionInput["steps"][number],
  extra: { heartbeatAt?: string; recoveries?: number } = {},
) {
  const user = await seedUser();
  const key = crypto.randomUUID();
  const wf = await seedWorkflow(user, {
    name: "crashed",
    trigger: { type: "manual" },
    steps: [
      { id: "one", type: "http", method: "POST", url: `${echoUrl}/count/${key}-one` },
      two,
      { id: "three", type: "http", method: "POST", url: `${echoUrl}/count/${key}-three` },
    ],
  });
  const runId = uid("run");
  const startedAt = ago(STALE_RUN_AFTER_MS + 120_000);
  await db.insert(runs).values({
    id: runId,
    workflowId: wf.id,
    userId: user,
    triggerType: "manual",
    status: "running",
    startedAt,
    heartbeatAt: extra.heartbeatAt ?? ago(STALE_RUN_AFTER_MS + 60_000),
    recoveries: extra.recoveries ?? 0,
  });
  await db.insert(runSteps).values([
    {
      runId,
      stepId: "one",
      stepIndex: 0,
      type: "http",
      status: "succeeded",
      output: { status: 200 },
      startedAt,
      finishedAt: startedAt,
      durationMs: 3,
    },
    { runId, stepId: "two", stepIndex: 1, type: two.type, status: "running", startedAt },
  ]);
  return { runId, key };
}

const waitForEnd = (runId: string) =>
  vi.waitFor(
    async () => {
      const view = await runView(runId);
      if (view.status === "running" || view.status === "queued") throw new Error(`still ${view.status}`);
      return view;
    },
    { timeout: 45_000, interval: 100 },
  );

describe("cron: recoverStaleRuns", () => {
  it("re-sends a running run whose heartbeat went stale; the consumer resumes at the in-flight step with the same Idempotency-Key", async () => {
    const key = crypto.randomUUID();
    const { runId, key: countKey } = await crashedDuringStepTwo({
      id: "two",
      type: "http",
      method: "POST",
      url: `${echoUrl}/echo/${key}`,
    });
    const fresh = await crashedDuringStepTwo(
      { id: "two", type: "http", method: "POST", url: `${echoUrl}/echo/${key}-fresh` },
      { heartbeatAt: ago(60_000) },
    );

    const { resent } = await recoverStaleRuns(env, new Date(), quiet);
    expect(resent).toContain(runId);
    expect(resent).not.toContain(fresh.runId);
    const view = await waitForEnd(runId);
    expect(view.status).toBe("succeeded");
    expect(view.recoveries).toBe(1);
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const { hits, requests } = await records();
    // Step one was stored before the crash: never sent again.
    expect(hits[`count:${countKey}-one`] ?? 0).toBe(0);
    expect(hits[`count:${countKey}-three`]).toBe(1);
    const two = requests.filter((r) => r.path === `/echo/${key}`);
    expect(two.map((r) => r.headers["idempotency-key"])).toEqual([`${runId}:two`]);
    // The live run (recent heartbeat) was left alone.
    expect((await runView(fresh.runId)).status).toBe("running");
  });

  it("a second tick right after does not re-send the same run again (the claim moved its heartbeat)", async () => {
    const { runId } = await crashedDuringStepTwo({ id: "two", type: "script", code: "return 2" });
    const now = new Date();
    const [first, second] = await Promise.all([
      recoverStaleRuns(env, now, quiet),
      recoverStaleRuns(env, now, quiet),
    ]);
    expect([...first.resent, ...second.resent].filter((id) => id === runId)).toHaveLength(1);
    expect((await waitForEnd(runId)).status).toBe("succeeded");
  });

  it(`a run that died ${MAX_RECOVERIES + 1} times is failed with a clear message, its in-flight step too, and not sent`, async () => {
    const key = crypto.randomUUID();
    const { runId } = await crashedDuringStepTwo(
      { id: "two", type: "http", method: "POST", url: `${echoUrl}/echo/${key}` },
      { recoveries: MAX_RECOVERIES },
    );
    const { failed, resent } = await recoverStaleRuns(env, new Date(), quiet);
    expect(failed).toContain(runId);
    expect(resent).not.toContain(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe(GAVE_UP_MESSAGE);
    expect(view.finishedAt).not.toBeNull();
    expect(view.steps.find((s) => s.stepId === "two")?.status).toBe("failed");
    expect((await records()).requests.filter((r) => r.path === `/echo/${key}`)).toEqual([]);
  });

  it("an in-flight step that may not repeat (a POST without Idempotency-Key) is failed, never sent again", async () => {
    const key = crypto.randomUUID();
    const { runId, key: countKey } = await crashedDuringStepTwo({
      id: "two",
      type: "http",
      method: "POST",
      url: `${echoUrl}/echo/${key}`,
      idempotencyKey: false,
    });
    await recoverStaleRuns(env, new Date(), quiet);
    const view = await waitForEnd(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toContain('step "two": the runner stopped while this step was in flight');
    expect(view.error).toContain("POST without an Idempotency-Key");
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "skipped"]);
    const { hits, requests } = await records();
    expect(requests.filter((r) => r.path === `/echo/${key}`)).toEqual([]);
    expect(hits[`count:${countKey}-three`] ?? 0).toBe(0);
  });

  it("the recovery's Queue send failing: the tick fails, the run is counted and re-sent one bound later", async () => {
    const { runId } = await crashedDuringStepTwo({ id: "two", type: "script", code: "return 2" });
    const unavailable = {
      send: () => Promise.reject(new Error("Queue send failed: service unavailable")),
      sendBatch: () => Promise.reject(new Error("Queue sendBatch failed: service unavailable")),
    };
    await expect(
      recoverStaleRuns({ ...env, RUNS_QUEUE: unavailable } as unknown as Env, new Date(), quiet),
    ).rejects.toThrow("service unavailable");
    const after = await runView(runId);
    expect(after.status).toBe("running");
    expect(after.recoveries).toBe(1);
    // Not stale again until a whole bound has passed since the failed attempt.
    expect((await recoverStaleRuns(env, new Date(), quiet)).resent).not.toContain(runId);
    // A whole bound later (moved back in D1 rather than ticking in the future, which would take every
    // other test's live run for a stale one).
    await db
      .update(runs)
      .set({ heartbeatAt: ago(STALE_RUN_AFTER_MS + 60_000) })
      .where(eq(runs.id, runId));
    expect((await recoverStaleRuns(env, new Date(), quiet)).resent).toContain(runId);
    const view = await waitForEnd(runId);
    expect(view.status).toBe("succeeded");
    expect(view.recoveries).toBe(2);
  });

  it("a run with no heartbeat yet (written before migration 0005) counts from its start", async () => {
    const { runId } = await crashedDuringStepTwo({ id: "two", type: "script", code: "return 2" });
    await db.update(runs).set({ heartbeatAt: null }).where(eq(runs.id, runId));
    expect((await recoverStaleRuns(env, new Date(), quiet)).resent).toContain(runId);
    expect((await waitForEnd(runId)).status).toBe("succeeded");
  });
});
