import { findLeaks } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { expectApiError, responseBodies, signUpUser } from "../../test/api";
import { dumpAllTables, queryRows } from "../../test/db-dump";
import { expectQueued, openStoredTrigger, postHook, webhookWorkflow } from "../../test/webhooks";

/** A vault secret used as a shared webhook token (GitLab's X-Gitlab-Token, a Bearer shared secret). */
async function sharedTokenWorkflow() {
  const user = await signUpUser();
  const token = `glpat-canary-${crypto.randomUUID()}/+&"<>`;
  await user.api.secrets.create.mutate({ name: "hook_token", value: token });
  const workflow = await user.api.workflows.create.mutate({
    name: "Shared token",
    trigger: { type: "webhook" },
    steps: [
      {
        id: "check",
        type: "script",
        code: 'if (trigger.headers["x-gitlab-token"] !== secrets.hook_token) throw new Error("bad token"); return 1;',
      },
    ],
  });
  return { user, token, workflow, webhookId: workflow.webhookId as string };
}

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

  it("a shared-token delivery (the vault secret in headers and body) stores no form of it: the trigger is sealed", async () => {
    const { token, webhookId } = await sharedTokenWorkflow();
    const response = await postHook(webhookId, {
      headers: {
        authorization: `Bearer ${token}`,
        "x-gitlab-token": token,
        "content-type": "application/json",
      },
      body: JSON.stringify({ object_kind: "push", token, nested: { echoed: `token=${token}` } }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await expectQueued(runId);
    const dump = JSON.stringify(await dumpAllTables());
    expect(findLeaks({ d1: dump, responses: responseBodies.join("\n") }, [token])).toEqual([]);
    // It is all there for the runner, sealed to its key and bound to this run.
    expect(await openStoredTrigger(runId)).toMatchObject({
      headers: { authorization: `Bearer ${token}`, "x-gitlab-token": token },
      body: { token },
    });
  });

  it("a manual run's input holding a secret's value is sealed too", async () => {
    const { user, token, workflow } = await sharedTokenWorkflow();
    const manual = await user.api.workflows.create.mutate({
      name: "Manual with input",
      trigger: { type: "manual" },
      steps: workflow.steps,
    });
    const { runId } = await user.api.workflows.run.mutate({ id: manual.id, input: { token, list: [token] } });
    const dump = JSON.stringify(await dumpAllTables());
    expect(findLeaks({ d1: dump, responses: responseBodies.join("\n") }, [token])).toEqual([]);
    expect(await openStoredTrigger(runId)).toEqual({ token, list: [token] });
  });
});
