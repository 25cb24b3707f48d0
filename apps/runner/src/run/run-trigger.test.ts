import { runTriggers } from "@workflow-secrets/db";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { db, putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

/** The shared-token pattern: the sender puts a vault secret in a header, the first step compares it. */
async function sharedTokenWorkflow(marker: string) {
  const user = await seedUser();
  const token = makeCanary("hook", "ascii");
  await putSecret(user, "hook_token", token);
  const wf = await seedWorkflow(user, {
    name: "shared token",
    trigger: { type: "webhook" },
    steps: [
      {
        id: "check",
        type: "script",
        code: `if (trigger.headers.authorization !== "Bearer " + secrets.hook_token) throw new Error("bad token");
return { event: trigger.body.event };`,
      },
      {
        id: "forward",
        type: "http",
        method: "POST",
        url: `${echoUrl}/echo/${marker}`,
        body: { type: "json", value: { event: "{{steps.check.event}}", echoed: "{{trigger.body.token}}" } },
      },
    ],
  });
  return { user, token, workflowId: wf.id };
}

const delivery = (token: string) => ({
  headers: { authorization: `Bearer ${token}`, "x-gitlab-token": token, "content-type": "application/json" },
  body: { event: "push", token },
  rawBody: JSON.stringify({ event: "push", token }),
});

const sealedRows = (runId: string) => db.select().from(runTriggers).where(eq(runTriggers.runId, runId));

describe("a run's sealed trigger", () => {
  it("a shared-token webhook stores the secret in no form before, during or after the run; the run shows it masked", async () => {
    const marker = crypto.randomUUID();
    const { user, token, workflowId } = await sharedTokenWorkflow(marker);
    const runId = await queueRun(workflowId, user, delivery(token), "webhook");
    // After intake, before the consumer: sealed only.
    expect(findLeaks(await dumpDatabase(), [token])).toEqual([]);
    expect(await sealedRows(runId)).toHaveLength(1);

    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    // The steps had the real trigger: the script matched the token, the request carried it.
    const forwarded = (await records()).requests.find((r) => r.path === `/echo/${marker}`);
    expect(JSON.parse(forwarded?.body ?? "{}")).toEqual({ event: "push", echoed: token });
    // What the run shows: the trigger, masked.
    expect(view.triggerInput).toEqual({
      headers: {
        authorization: "Bearer [masked:hook_token]",
        "x-gitlab-token": "[masked:hook_token]",
        "content-type": "application/json",
      },
      body: { event: "push", token: "[masked:hook_token]" },
      rawBody: '{"event":"push","token":"[masked:hook_token]"}',
    });
    expect(await sealedRows(runId)).toEqual([]);
    expect(findLeaks(await dumpDatabase(), [token])).toEqual([]);
  });

  it("a failed run also deletes its sealed trigger and keeps the masked copy", async () => {
    const marker = crypto.randomUUID();
    const { user, token, workflowId } = await sharedTokenWorkflow(marker);
    const wrong = makeCanary("wrong", "ascii");
    const runId = await queueRun(workflowId, user, { ...delivery(wrong), body: { token } }, "webhook");
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe('step "check": the script threw Error: bad token');
    expect(view.triggerInput).toMatchObject({ body: { token: "[masked:hook_token]" } });
    expect(await sealedRows(runId)).toEqual([]);
    expect(findLeaks(await dumpDatabase(), [token])).toEqual([]);
  });

  it("a manual run's input is sealed and shown masked the same way", async () => {
    const marker = crypto.randomUUID();
    const { user, token, workflowId } = await sharedTokenWorkflow(marker);
    const runId = await queueRun(workflowId, user, delivery(token), "manual");
    expect(findLeaks(await dumpDatabase(), [token])).toEqual([]);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.triggerInput).toMatchObject({ body: { token: "[masked:hook_token]" } });
    expect(await sealedRows(runId)).toEqual([]);
  });

  it("a sealed trigger moved to another run does not open: that run fails before any step fires", async () => {
    const marker = crypto.randomUUID();
    const { user, token, workflowId } = await sharedTokenWorkflow(marker);
    const original = await queueRun(workflowId, user, delivery(token), "webhook");
    const target = await queueRun(workflowId, user, { body: { event: "other" } }, "webhook");
    const [moved] = await sealedRows(original);
    await db
      .update(runTriggers)
      .set({ envelope: moved?.envelope as string })
      .where(eq(runTriggers.runId, target));
    await deliverRun(target);
    const view = await runView(target);
    expect(view.status).toBe("failed");
    expect(view.error).toBe("the run's trigger could not be opened (tampered); send it again");
    expect(view.steps).toEqual([]);
    expect(await sealedRows(target)).toEqual([]);
    expect((await records()).requests.some((r) => r.path === `/echo/${marker}`)).toBe(false);
    // The original still runs with its own trigger.
    await deliverRun(original);
    expect((await runView(original)).status).toBe("succeeded");
  });
});
