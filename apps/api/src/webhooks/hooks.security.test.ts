import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { postHook, webhookWorkflow } from "../../test/webhooks";

describe("POST /hooks/:webhookId (security)", () => {
  it("a run always belongs to the workflow's owner: a caller's bearer token changes nothing and sees nothing", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const { id, webhookId } = await webhookWorkflow(alice.api);
    const response = await postHook(webhookId, {
      headers: { authorization: `Bearer ${bob.token}`, "content-type": "application/json" },
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    expect(await queryRows("SELECT workflow_id, user_id FROM runs WHERE id = ?", runId)).toEqual([
      { workflow_id: id, user_id: alice.user.id },
    ]);
    await expectApiError(bob.api.runs.get.query({ id: runId }), "NOT_FOUND");
    expect((await bob.api.runs.list.query({})).items).toEqual([]);
    expect((await alice.api.runs.get.query({ id: runId })).id).toBe(runId);
  });

  it("answers a disabled workflow's id exactly as an id that never existed", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    await user.api.workflows.setEnabled.mutate({ id, enabled: false });
    const [disabled, unknown] = await Promise.all([
      postHook(webhookId, { body: "{}" }),
      postHook(`wh_${"B".repeat(43)}`, { body: "{}" }),
    ]);
    expect(disabled.status).toBe(unknown.status);
    expect([...disabled.headers]).toEqual([...unknown.headers]);
    expect(await disabled.text()).toBe(await unknown.text());
  });
});
