import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { expectQueued, openStoredTrigger, postHook, webhookWorkflow } from "../../test/webhooks";

type RunRow = {
  workflow_id: string;
  user_id: string;
  trigger_type: string;
  status: string;
  trigger_input: string | null;
};
const runRow = async (runId: string) =>
  (await queryRows<RunRow>("SELECT * FROM runs WHERE id = ?", runId))[0];

describe("POST /hooks/:webhookId (happy paths)", () => {
  it("answers 202 { runId }, inserts the run queued with { body, headers, rawBody } sealed, and queues it", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    const body = JSON.stringify({ event: "order.paid", order: { id: "ord_42" } });
    const response = await postHook(webhookId, {
      headers: { "content-type": "application/json", "x-signature": "sig-123" },
      body,
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    expect(runId).toMatch(/^run_[A-Za-z0-9_-]{16}$/);

    const row = await runRow(runId);
    expect(row).toMatchObject({
      workflow_id: id,
      user_id: user.user.id,
      trigger_type: "webhook",
      status: "queued",
    });
    // Stored sealed to the runner's key only; the masked copy is the runner's to write.
    expect(row?.trigger_input).toBeNull();
    expect(await openStoredTrigger(runId)).toMatchObject({
      body: JSON.parse(body),
      rawBody: body,
      headers: { "content-type": "application/json", "x-signature": "sig-123" },
    });
    await expectQueued(runId);

    const listed = await user.api.runs.list.query({ workflowId: id });
    expect(listed.items).toMatchObject([{ id: runId, status: "queued", triggerType: "webhook" }]);
  });

  it("keeps a non-JSON body as text (and JSON that does not parse), without rawBody", async () => {
    const user = await signUpUser();
    const { webhookId } = await webhookWorkflow(user.api);
    for (const [contentType, body] of [
      ["text/plain", "plain body"],
      ["application/json", "{not json"],
    ] as const) {
      const response = await postHook(webhookId, { headers: { "content-type": contentType }, body });
      expect(response.status).toBe(202);
      const { runId } = (await response.json()) as { runId: string };
      const trigger = await openStoredTrigger(runId);
      expect(trigger).toMatchObject({ body });
      expect(trigger).not.toHaveProperty("rawBody");
      await expectQueued(runId);
    }
  });

  it("accepts a body up to 1 MiB; a JSON body over 256 KiB keeps its parsed form but no rawBody", async () => {
    const user = await signUpUser();
    const { webhookId } = await webhookWorkflow(user.api);
    const padding = "x".repeat(300 * 1024);
    const response = await postHook(webhookId, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const trigger = (await openStoredTrigger(runId)) as { body: unknown };
    expect(trigger.body).toEqual({ padding });
    expect(trigger).not.toHaveProperty("rawBody");
  });
});
