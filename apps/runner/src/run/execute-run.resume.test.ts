import { runSteps, runs } from "@workflow-secrets/db";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { db, putSecret, queueRun, seedUser, seedWorkflow, uid } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

async function threeSteps() {
  const user = await seedUser();
  const key = crypto.randomUUID();
  const wf = await seedWorkflow(user, {
    name: "three",
    trigger: { type: "manual" },
    steps: [
      { id: "one", type: "http", method: "POST", url: `${echoUrl}/count/${key}-one` },
      {
        id: "two",
        type: "http",
        method: "POST",
        url: `${echoUrl}/count/${key}-two`,
        body: { type: "json", value: { fromOne: "{{steps.one.body.hits}}" } },
      },
      { id: "three", type: "http", method: "POST", url: `${echoUrl}/count/${key}-three` },
    ],
  });
  return { user, key, wf };
}

const hits = async (key: string) => {
  const all = (await records()).hits;
  return ["one", "two", "three"].map((step) => all[`count:${key}-${step}`] ?? 0);
};

describe("queue delivery and redelivery", () => {
  it("redelivering a half-finished run resumes at the first unfinished step without repeating finished ones", async () => {
    const { user, key, wf } = await threeSteps();
    // The state a consumer leaves when it dies during step "two": run running, "one" done.
    const runId = uid("run");
    const startedAt = new Date(Date.now() - 5000).toISOString();
    await db.insert(runs).values({
      id: runId,
      workflowId: wf.id,
      userId: user,
      triggerType: "manual",
      status: "running",
      startedAt,
    });
    await db.insert(runSteps).values([
      {
        runId,
        stepId: "one",
        stepIndex: 0,
        type: "http",
        status: "succeeded",
        output: { status: 200, body: { hits: 7 } },
        startedAt,
        finishedAt: startedAt,
        durationMs: 3,
      },
      { runId, stepId: "two", stepIndex: 1, type: "http", status: "running", startedAt },
    ]);

    // A duplicate first delivery must not take a run another consumer holds.
    await deliverRun(runId, 1);
    expect(await hits(key)).toEqual([0, 0, 0]);

    await deliverRun(runId, 2);
    expect(await hits(key)).toEqual([0, 1, 1]);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.startedAt).toBe(startedAt);
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    // Step two got step one's stored output, as an uninterrupted run would have.
    const two = (await records()).requests.find((r) => r.path === `/count/${key}-two`);
    expect(JSON.parse(two?.body ?? "")).toEqual({ fromOne: "7" });
    expect(two?.headers["idempotency-key"]).toBe(`${runId}:two`);
  });

  it("a resumed run masks the secrets of the steps already done: a later response echoing one is stored masked", async () => {
    const user = await seedUser();
    const token = makeCanary("resume", "ascii");
    await putSecret(user, "api_token", token);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "echo later",
      trigger: { type: "manual" },
      steps: [
        {
          id: "one",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}`,
          headers: { Authorization: "Bearer {{secrets.api_token}}" },
        },
        // A request inspector: answers with what step "one" sent, secret header included.
        { id: "two", type: "http", method: "GET", url: `${echoUrl}/recall/${marker}` },
      ],
    });
    // Step "one" went out (the server holds its request), then the consumer died during step "two".
    await fetch(`${echoUrl}/echo/${marker}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    const runId = uid("run");
    const startedAt = new Date(Date.now() - 5000).toISOString();
    await db.insert(runs).values({
      id: runId,
      workflowId: wf.id,
      userId: user,
      triggerType: "manual",
      status: "running",
      startedAt,
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
      { runId, stepId: "two", stepIndex: 1, type: "http", status: "running", startedAt },
    ]);

    await deliverRun(runId, 2);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    const two = view.steps.find((s) => s.stepId === "two");
    expect(JSON.stringify(two?.response)).toContain("Bearer [masked:api_token]");
    expect(findLeaks(await dumpDatabase(), [token])).toEqual([]);
  });

  it("a finished run is never executed again, whatever the delivery", async () => {
    const { user, key, wf } = await threeSteps();
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    await deliverRun(runId, 1);
    await deliverRun(runId, 3);
    expect(await hits(key)).toEqual([1, 1, 1]);
  });

  it("acks and drops a malformed message", async () => {
    const { createMessageBatch, createExecutionContext, getQueueResult } = await import("cloudflare:test");
    const { env } = await import("cloudflare:workers");
    const { default: runner } = await import("../index");
    const batch = createMessageBatch("workflow-secrets-runs", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: { nope: true } },
    ]);
    const ctx = createExecutionContext();
    await (runner as ExportedHandler<Env>).queue?.(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
  });
});
