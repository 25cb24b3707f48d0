import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, httpWorkflow, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { canonicalJson, definitionSha256 } from "../audit/audit-log";

type Events = Awaited<
  ReturnType<Awaited<ReturnType<typeof signUpUser>>["api"]["audit"]["list"]["query"]>
>["items"];
const byAction = (events: Events, action: string) => events.filter((e) => e.action === action);

describe("audit of sign-ins, tokens and workflow changes (happy paths)", () => {
  it("records a failed and a successful sign-in, naming the session it started", async () => {
    const user = await signUpUser();
    await expectApiError(
      apiClient().auth.signIn.mutate({ email: user.email, password: "not the password" }),
      "UNAUTHORIZED",
    );
    const signedIn = await apiClient().auth.signIn.mutate({ email: user.email, password: user.password });
    const session = await apiClient(signedIn.token).auth.me.query();

    const events = (await user.api.audit.list.query({})).items;
    expect(byAction(events, "sign_in.failed")).toEqual([
      expect.objectContaining({ actor: "anonymous", secretName: null, tokenId: null }),
    ]);
    expect(byAction(events, "sign_in.succeeded")).toEqual([
      expect.objectContaining({
        actor: `token:${session.token.id}`,
        tokenId: session.token.id,
        tokenName: "sign-in",
      }),
    ]);
  });

  it("records token creation and revocation with the token's name, never the token", async () => {
    const user = await signUpUser();
    const pat = await user.api.tokens.create.mutate({ name: "deploy bot", scopes: ["read"] });
    await user.api.tokens.revoke.mutate({ id: pat.id });
    const events = (await user.api.audit.list.query({})).items;
    const me = await user.api.auth.me.query();
    for (const action of ["token.created", "token.revoked"]) {
      expect(byAction(events, action), action).toEqual([
        expect.objectContaining({ actor: `token:${me.token.id}`, tokenId: pat.id, tokenName: "deploy bot" }),
      ]);
    }
    expect(JSON.stringify(events)).not.toContain(pat.token);
    expect(JSON.stringify(events)).not.toContain(pat.token.slice(5));
  });

  it("records workflow create, update, disable, enable and delete with a SHA-256 of the definition", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Billing", ["stripe_key"]));
    const [stored] = await queryRows<{ definition: string }>(
      "SELECT definition FROM workflows WHERE id = ?",
      wf.id,
    );
    const createdHash = await definitionSha256(JSON.parse(stored?.definition ?? "null"));
    await user.api.workflows.update.mutate({ id: wf.id, ...httpWorkflow("Billing v2", ["stripe_key"]) });
    await user.api.workflows.setEnabled.mutate({ id: wf.id, enabled: false });
    await user.api.workflows.setEnabled.mutate({ id: wf.id, enabled: true });
    await user.api.workflows.delete.mutate({ id: wf.id });

    const events = (await user.api.audit.list.query({ limit: 50 })).items;
    const [created] = byAction(events, "workflow.created");
    const [updated] = byAction(events, "workflow.updated");
    const [deleted] = byAction(events, "workflow.deleted");
    expect(created).toMatchObject({
      workflowId: wf.id,
      workflowName: "Billing",
      definitionSha256: createdHash,
    });
    expect(updated).toMatchObject({ workflowId: wf.id, workflowName: "Billing v2" });
    expect(updated?.definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(updated?.definitionSha256).not.toBe(createdHash);
    // Deleting records the definition it deleted: the last one saved.
    expect(deleted).toMatchObject({
      workflowName: "Billing v2",
      definitionSha256: updated?.definitionSha256,
    });
    for (const action of ["workflow.disabled", "workflow.enabled"]) {
      expect(byAction(events, action), action).toEqual([
        expect.objectContaining({ workflowId: wf.id, workflowName: "Billing v2", definitionSha256: null }),
      ]);
    }
    // The hash, never the definition: no URL, header or template from it.
    const text = JSON.stringify(events);
    for (const part of ["example.test/endpoint", "X-Key-0", "{{secrets.stripe_key}}", "trigger.name"]) {
      expect(text).not.toContain(part);
    }
  });

  it("hashes the canonical JSON: key order does not matter, content does", async () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }, "x", null], e: "é" })).toBe(
      '{"a":[{"d":2},"x",null],"b":1,"e":"é"}',
    );
    // SHA-256 of the two bytes "{}".
    expect(await definitionSha256({})).toBe(
      "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    );
    const one = {
      name: "w",
      trigger: { type: "manual" },
      steps: [{ id: "a", type: "http", url: "https://x.test" }],
    };
    const reordered = {
      steps: [{ url: "https://x.test", type: "http", id: "a" }],
      trigger: { type: "manual" },
      name: "w",
    };
    expect(await definitionSha256(reordered)).toBe(await definitionSha256(one));
    expect(await definitionSha256({ ...one, name: "w2" })).not.toBe(await definitionSha256(one));
  });
});
