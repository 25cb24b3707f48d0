import { auditEvents, runSteps, runs, secrets } from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { db, deleteSecret, putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

const sentTo = async (marker: string) => (await records()).requests.filter((r) => r.path.includes(marker));

async function stripeWorkflow(user: string, marker: string) {
  return seedWorkflow(user, {
    name: "charge",
    trigger: { type: "manual" },
    steps: [
      { id: "lookup", type: "http", url: `${echoUrl}/echo/${marker}/lookup` },
      {
        id: "charge",
        type: "http",
        method: "POST",
        url: `${echoUrl}/echo/${marker}/charge`,
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
      },
      { id: "audit", type: "script", code: "return { seen: secrets.stripe_secret.length > 0 }" },
    ],
  });
}

describe("secret resolution", () => {
  it("rotation: the next run sends the new value with no workflow edit", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    await putSecret(user, "stripe_secret", "sk_test_old");
    const wf = await stripeWorkflow(user, marker);
    await deliverRun(await queueRun(wf.id, user));
    await putSecret(user, "stripe_secret", "sk_test_new");
    await deliverRun(await queueRun(wf.id, user));
    const auth = (await sentTo(`${marker}/charge`)).map((r) => r.headers.authorization);
    expect(auth).toEqual(["Bearer sk_test_old", "Bearer sk_test_new"]);
  });

  it("deletion: the next run fails at the referencing step with the exact error; earlier steps stay succeeded", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    await putSecret(user, "stripe_secret", "sk_test_gone");
    const wf = await stripeWorkflow(user, marker);
    await deleteSecret(user, "stripe_secret");
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);

    const view = await runView(runId);
    const message =
      'step "charge" (headers.Authorization): {{secrets.stripe_secret}} does not resolve: no secret named "stripe_secret"';
    expect(view.status).toBe("failed");
    expect(view.error).toBe(message);
    expect(view.steps.map((s) => [s.stepId, s.status, s.error])).toEqual([
      ["lookup", "succeeded", null],
      ["charge", "failed", message],
      ["audit", "skipped", null],
    ]);
    expect(await sentTo(`${marker}/charge`)).toEqual([]);
  });

  it("uses only the owner's secrets: another user's secret of the same name never resolves", async () => {
    const owner = await seedUser();
    const other = await seedUser();
    await putSecret(other, "stripe_secret", "sk_test_someone_else");
    const marker = crypto.randomUUID();
    const wf = await stripeWorkflow(owner, marker);
    const runId = await queueRun(wf.id, owner);
    await deliverRun(runId);
    expect((await runView(runId)).error).toContain('no secret named "stripe_secret"');
    expect(JSON.stringify(await sentTo(marker))).not.toContain("sk_test_someone_else");
  });

  it("a script sees only the secrets its code references", async () => {
    const user = await seedUser();
    await putSecret(user, "a_key", "value-a");
    await putSecret(user, "b_key", "value-b");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "scoped",
      trigger: { type: "manual" },
      steps: [
        { id: "uses_b", type: "http", url: `${echoUrl}/echo/${marker}?k={{secrets.b_key}}` },
        {
          id: "script",
          type: "script",
          code: "return { names: Object.keys(secrets), a: secrets.a_key.length }",
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    expect((await runView(runId)).steps[1]?.output).toEqual({ names: ["a_key"], a: 7 });
  });

  it("records last_used_at and one secret.used audit event per secret per run, even when redelivered", async () => {
    const user = await seedUser();
    await putSecret(user, "stripe_secret", "sk_test_audit");
    await putSecret(user, "unused", "never-referenced");
    const wf = await stripeWorkflow(user, crypto.randomUUID());
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    // As if the consumer had died before the last step: the redelivery opens the secret again.
    await db.update(runs).set({ status: "running" }).where(eq(runs.id, runId));
    await db.delete(runSteps).where(and(eq(runSteps.runId, runId), eq(runSteps.stepId, "audit")));
    await deliverRun(runId, 2);
    expect((await runView(runId)).steps.map((s) => s.status)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
    ]);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.runId, runId));
    expect(events.map((e) => [e.action, e.secretName, e.actor, e.workflowId])).toEqual([
      ["secret.used", "stripe_secret", "runner", wf.id],
    ]);
    const rows = await db.select().from(secrets).where(eq(secrets.userId, user));
    expect(rows.find((r) => r.name === "stripe_secret")?.lastUsedAt).toBeTruthy();
    expect(rows.find((r) => r.name === "unused")?.lastUsedAt).toBeNull();
  });

  it("a ciphertext moved to another row does not open: the step fails naming the secret, not a value", async () => {
    const user = await seedUser();
    await putSecret(user, "stripe_secret", "sk_test_victim");
    const other = await putSecret(user, "other", "sk_test_other");
    // Copy the other row's envelope over stripe_secret: its aad names another secret id.
    const moved = await db.select().from(secrets).where(eq(secrets.id, other.id)).get();
    await db
      .update(secrets)
      .set({ envelope: moved?.envelope as string })
      .where(and(eq(secrets.userId, user), eq(secrets.name, "stripe_secret")));
    const wf = await stripeWorkflow(user, crypto.randomUUID());
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.error).toBe(
      'step "charge" (headers.Authorization): {{secrets.stripe_secret}} could not be opened (tampered); save the secret again',
    );
  });

  it("a secret named __proto__ resolves and is masked like any other name", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    await putSecret(user, "__proto__", "proto_value_4b1e");
    const wf = await seedWorkflow(user, {
      name: "proto",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          url: `${echoUrl}/echo/${marker}`,
          headers: { "X-Key": "{{secrets.__proto__}}" },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    expect((await sentTo(marker)).map((r) => r.headers["x-key"])).toEqual(["proto_value_4b1e"]);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(JSON.stringify(view)).not.toContain("proto_value_4b1e");
  });
});
