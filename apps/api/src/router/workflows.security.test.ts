import { findHardCodedCredentials } from "@workflow-secrets/secret-rules";
import { PLANTED, PLANTED_DEFINITION, PLANTED_FINDINGS } from "@workflow-secrets/secret-rules/testing";
import type { WorkflowDefinitionInput } from "@workflow-secrets/templating";
import { describe, expect, it } from "vitest";
import { expectApiError, httpWorkflow, signUpUser } from "../../test/api";
import { dumpStateForComparison } from "../../test/db-dump";

describe("workflows (security)", () => {
  it("warns about hard-coded credentials, naming the field and never the value", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(
      PLANTED_DEFINITION as unknown as WorkflowDefinitionInput,
    );
    // The editor reports the same findings: both come from the one package function.
    const fromPackage = findHardCodedCredentials(PLANTED_DEFINITION.steps);
    expect(wf.warnings.map(({ path, stepId, kind }) => ({ path, stepId, kind }))).toEqual(PLANTED_FINDINGS);
    expect(fromPackage.map(({ path, stepId, shape }) => ({ path, stepId, kind: shape.kind }))).toEqual(
      PLANTED_FINDINGS,
    );
    expect(wf.warnings[0]?.message).toMatch(
      /a Stripe secret key \(sk_live_…\).*\{\{secrets\.stripe_secret\}\}/,
    );
    expect(wf.warnings[1]?.message).toContain("an AWS access key ID");
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
