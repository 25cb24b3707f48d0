import { describe, expect, it } from "vitest";
import { expectApiError, httpWorkflow, signUpUser } from "../../test/api";
import { dumpStateForComparison } from "../../test/db-dump";

const PLANTED = {
  stripe: "sk_live_51HxYzAbCdEfGhIjKlMnOp",
  slack: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX",
  aws: "AKIAIOSFODNN7EXAMPLE",
  github: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
};

describe("workflows (security)", () => {
  it("warns about hard-coded credentials, naming the field and never the value", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate({
      name: "Leaky",
      trigger: { type: "manual" },
      steps: [
        {
          id: "charge",
          type: "http",
          method: "POST",
          url: "https://api.example.test/v1/charges",
          headers: {
            Authorization: `Bearer ${PLANTED.stripe}`,
            "X-Safe": "{{secrets.sk_live_named_secret}}",
          },
          body: { type: "json", value: { nested: [{ key: PLANTED.aws }] } },
        },
        { id: "notify", type: "slack", webhookUrl: PLANTED.slack, text: "done" },
        { id: "sign", type: "script", code: `const token = "${PLANTED.github}"; return token.length;` },
      ],
    });
    expect(wf.warnings.map((w) => [w.path, w.stepId])).toEqual([
      ["steps[0].headers.Authorization", "charge"],
      ["steps[0].body.value.nested[0].key", "charge"],
      ["steps[1].webhookUrl", "notify"],
      ["steps[2].code", "sign"],
    ]);
    expect(wf.warnings[0]?.message).toMatch(/Stripe live secret key.*\{\{secrets\.stripe_secret\}\}/);
    expect(wf.warnings[3]?.message).toContain("write secrets.github_token instead");
    const text = JSON.stringify(wf.warnings);
    for (const value of Object.values(PLANTED)) expect(text).not.toContain(value);
    expect((await user.api.workflows.get.query({ id: wf.id })).warnings).toEqual(wf.warnings);
  });

  it("another user's workflow ids answer NOT_FOUND exactly like missing ones, and nothing changes", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    await alice.api.secrets.create.mutate({ name: "k", value: "alice-secret-value" });
    const wf = await alice.api.workflows.create.mutate(httpWorkflow("Alice's", ["k"], { type: "webhook" }));
    const { runId } = await alice.api.workflows.run.mutate({ id: wf.id });
    const before = await dumpStateForComparison();

    const attempts = (id: string) => [
      () => bob.api.workflows.get.query({ id }),
      () => bob.api.workflows.update.mutate({ id, ...httpWorkflow("Bob was here", ["k"]) }),
      () => bob.api.workflows.setEnabled.mutate({ id, enabled: false }),
      () => bob.api.workflows.run.mutate({ id }),
      () => bob.api.workflows.delete.mutate({ id }),
      () => bob.api.runs.list.query({ workflowId: id }),
    ];
    const foreign = attempts(wf.id);
    const missing = attempts("wf_doesnotexist0");
    for (const [i, attempt] of foreign.entries()) {
      const a = await expectApiError(attempt(), "NOT_FOUND");
      const b = await expectApiError((missing[i] as () => Promise<unknown>)(), "NOT_FOUND");
      expect(a.message.replace(wf.id, "ID")).toBe(b.message.replace("wf_doesnotexist0", "ID"));
      expect(a.data).toEqual(b.data);
    }
    const foreignRun = await expectApiError(bob.api.runs.get.query({ id: runId }), "NOT_FOUND");
    expect(foreignRun.message).toBe(`no run "${runId}"`);
    expect(await bob.api.workflows.list.query()).toEqual([]);
    expect((await bob.api.runs.list.query({})).items).toEqual([]);
    expect((await bob.api.secrets.list.query()).map((s) => s.usedBy)).toEqual([]);
    expect(await dumpStateForComparison()).toEqual(before);
  });
});
