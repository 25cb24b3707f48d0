import { env } from "cloudflare:workers";
import type { WorkflowDefinitionInput } from "@workflow-secrets/templating";
import { afterEach, describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";
import { GAVE_UP_RUN, MAX_DELIVERIES } from "../queue/consume-runs";
import { RESULT_NOT_STORED } from "./store-result";

/**
 * Faults injected into the real D1: a SQLite trigger that makes D1 refuse a write to one step's row
 * (`RAISE(ABORT)`), exactly as a failing or refusing database answers the runner's batch.
 */
const injected: string[] = [];
async function refuseStepWrites(runId: string, stepId: string, when: string) {
  const name = `refuse_${crypto.randomUUID().replaceAll("-", "")}`;
  for (const event of ["INSERT", "UPDATE"]) {
    await env.DB.prepare(
      `CREATE TRIGGER ${name}_${event.toLowerCase()} BEFORE ${event} ON run_steps
       WHEN NEW.run_id = '${runId}' AND NEW.step_id = '${stepId}' AND (${when})
       BEGIN SELECT RAISE(ABORT, 'injected fault: D1 refused the write'); END`,
    ).run();
    injected.push(`${name}_${event.toLowerCase()}`);
  }
}
afterEach(async () => {
  for (const name of injected.splice(0)) await env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}`).run();
});

async function threeSteps(
  two: Partial<Extract<WorkflowDefinitionInput["steps"][number], { type: "http" }>> = {},
) {
  const user = await seedUser();
  const key = crypto.randomUUID();
  const wf = await seedWorkflow(user, {
    name: "faults",
    trigger: { type: "manual" },
    steps: [
      { id: "one", type: "http", method: "POST", url: `${echoUrl}/count/${key}-one` },
      { id: "two", type: "http", method: "POST", url: `${echoUrl}/count/${key}-two`, ...two },
      { id: "three", type: "http", method: "POST", url: `${echoUrl}/count/${key}-three` },
    ],
  });
  const runId = await queueRun(wf.id, user);
  const sent = async () => {
    const { hits, requests } = await records();
    return {
      hits: ["one", "two", "three"].map((s) => hits[`count:${key}-${s}`] ?? 0),
      keysOfTwo: requests
        .filter((r) => r.path === `/count/${key}-two`)
        .map((r) => r.headers["idempotency-key"]),
    };
  };
  return { runId, sent };
}

describe("a step whose result D1 would not store", () => {
  it("is failed with 'the result could not be stored', not sent again, and the later steps never run", async () => {
    const { runId, sent } = await threeSteps();
    await refuseStepWrites(runId, "two", "NEW.status = 'succeeded'");
    const result = await deliverRun(runId);
    expect(result.explicitAcks).toHaveLength(1);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toContain(`step "two": ${RESULT_NOT_STORED} (`);
    expect(view.error).toContain("injected fault");
    expect(view.error).toContain("not sent again");
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "skipped"]);
    // Every later delivery, whatever its attempt, finds the run finished.
    await deliverRun(runId, 2);
    await deliverRun(runId, 5);
    expect((await sent()).hits).toEqual([1, 1, 0]);
  });

  it("D1 failing mid-persist, even for the fallback: the delivery is retried and resumes at the in-flight step with the same Idempotency-Key", async () => {
    const { runId, sent } = await threeSteps();
    await refuseStepWrites(runId, "two", "NEW.status <> 'running'");
    const first = await deliverRun(runId);
    expect(first.retryMessages).toHaveLength(1);
    const interrupted = await runView(runId);
    expect(interrupted.status).toBe("running");
    expect(interrupted.steps.map((s) => s.status)).toEqual(["succeeded", "running"]);
    for (const name of injected.splice(0)) await env.DB.prepare(`DROP TRIGGER ${name}`).run();

    await deliverRun(runId, 2);
    expect((await runView(runId)).status).toBe("succeeded");
    const { hits, keysOfTwo } = await sent();
    expect(hits).toEqual([1, 2, 1]);
    expect(keysOfTwo).toEqual([`${runId}:two`, `${runId}:two`]);
  });

  it("the same fault for a POST without Idempotency-Key: the redelivery fails it instead of sending it twice", async () => {
    const { runId, sent } = await threeSteps({ idempotencyKey: false });
    await refuseStepWrites(runId, "two", "NEW.status <> 'running'");
    expect((await deliverRun(runId)).retryMessages).toHaveLength(1);
    for (const name of injected.splice(0)) await env.DB.prepare(`DROP TRIGGER ${name}`).run();

    await deliverRun(runId, 2);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toContain("was not sent again");
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "failed", "skipped"]);
    expect((await sent()).hits).toEqual([1, 1, 0]);
  });

  it("D1 refusing the last step's result fails the run the same way (the final write)", async () => {
    const { runId, sent } = await threeSteps();
    await refuseStepWrites(runId, "three", "NEW.status = 'succeeded'");
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toContain(`step "three": ${RESULT_NOT_STORED}`);
    expect((await sent()).hits).toEqual([1, 1, 1]);
  });

  it("a run whose last delivery still fails is failed with the step it was in: nothing stays running", async () => {
    const { runId, sent } = await threeSteps();
    // D1 refuses step two's result and the fallback that would fail it (but not the final give-up).
    await refuseStepWrites(
      runId,
      "two",
      "NEW.status = 'succeeded' OR NEW.error LIKE 'step \"two\": the result could not be stored%'",
    );
    const last = await deliverRun(runId, MAX_DELIVERIES);
    expect(last.explicitAcks).toHaveLength(1);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe(GAVE_UP_RUN);
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["one", "succeeded"],
      ["two", "failed"],
    ]);
    expect(view.steps[1]?.error).toBe("the runner could not finish this step");
    expect((await sent()).hits).toEqual([1, 1, 0]);
  });
});
