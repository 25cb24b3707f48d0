import {
  auditEvents,
  runSecretVersions,
  runSteps,
  runs,
  secrets,
  secretVersions,
} from "@workflow-secrets/db";
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { tick } from "../../test/worker/scheduled";
import { db, putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

const sentTo = async (marker: string) => (await records()).requests.filter((r) => r.path.includes(marker));

/** Two steps that both send the secret, so a run shows which version each step used. */
async function twoStepWorkflow(user: string, marker: string) {
  return seedWorkflow(user, {
    name: "two steps",
    trigger: { type: "manual" },
    steps: [
      {
        id: "first",
        type: "http",
        url: `${echoUrl}/echo/${marker}/first`,
        headers: { "X-Key": "{{secrets.api_key}}" },
      },
      {
        id: "second",
        type: "http",
        url: `${echoUrl}/echo/${marker}/second`,
        headers: { "X-Key": "{{secrets.api_key}}" },
      },
    ],
  });
}

/** What secrets.rollback writes (apps/api/src/router/secret-lifecycle.ts), without the API in between. */
async function rollBack(secretId: string, to: number) {
  const current = await db.select().from(secrets).where(eq(secrets.id, secretId)).get();
  const kept = await db
    .select()
    .from(secretVersions)
    .where(and(eq(secretVersions.secretId, secretId), eq(secretVersions.version, to)))
    .get();
  if (!current || !kept) throw new Error("nothing to roll back");
  const next = current.version + 1;
  await db.batch([
    db.insert(secretVersions).values({ ...kept, version: next, rolledBackFrom: to, createdBy: "runner" }),
    db
      .update(secrets)
      .set({ envelope: kept.envelope, kid: kept.kid, version: next, sealedVersion: kept.sealedVersion })
      .where(eq(secrets.id, secretId)),
  ]);
}

describe("secret versions in runs", () => {
  it("a redelivered run keeps the version it pinned, though the secret was rotated meanwhile", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const { id: secretId } = await putSecret(user, "api_key", "pinned-value-v1-0001");
    const wf = await seedWorkflow(user, {
      name: "two steps",
      trigger: { type: "manual" },
      steps: [
        {
          id: "first",
          type: "http",
          url: `${echoUrl}/echo/${marker}/first`,
          headers: { "X-Key": "{{secrets.api_key}}" },
        },
        {
          id: "second",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}/second`,
          headers: { "X-Key": "{{secrets.api_key}}" },
          // The service also answers with the value that becomes current meanwhile (v2).
          body: { type: "json", value: { onFile: "{{trigger.later}}" } },
        },
      ],
    });
    const runId = await queueRun(wf.id, user, { later: "rotated-value-v2-0002" });
    await deliverRun(runId);
    // As if the consumer had died before the second step, and the secret was rotated meanwhile.
    await db.update(runs).set({ status: "running" }).where(eq(runs.id, runId));
    await db.delete(runSteps).where(and(eq(runSteps.runId, runId), eq(runSteps.stepId, "second")));
    await putSecret(user, "api_key", "rotated-value-v2-0002");
    await deliverRun(runId, 2);

    const keys = (await sentTo(marker)).map((r) => [r.path.split("/").pop(), r.headers["x-key"]]);
    // The second step fired in the first delivery and again in the redelivery: v1 both times.
    expect(keys).toEqual([
      ["first", "pinned-value-v1-0001"],
      ["second", "pinned-value-v1-0001"],
      ["second", "pinned-value-v1-0001"],
    ]);
    // Pinned to v1, the run still masks v2, now the current version, wherever a service echoes it.
    const stored = JSON.stringify((await runView(runId)).steps);
    expect(stored).not.toContain("rotated-value-v2-0002");
    expect(stored).not.toContain("pinned-value-v1-0001");
    const pins = await db.select().from(runSecretVersions).where(eq(runSecretVersions.runId, runId));
    expect(pins.map((p) => [p.secretId, p.secretName, p.version, p.outcome])).toEqual([
      [secretId, "api_key", 1, "ok"],
    ]);
  });

  it("masks every kept version: a service echoing the previous key is stored masked", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    await putSecret(user, "api_key", "previous-key-6f1d9a2c");
    await putSecret(user, "api_key", "current-key-0b7e44aa");
    const wf = await seedWorkflow(user, {
      name: "echo of the old key",
      trigger: { type: "manual" },
      steps: [
        {
          id: "echo",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}`,
          headers: { "X-Key": "{{secrets.api_key}}" },
          // The service answers with an old key it still has on file (here: sent in by the trigger).
          body: { type: "json", value: { onFile: "{{trigger.old}}" } },
        },
      ],
    });
    const runId = await queueRun(wf.id, user, { old: "previous-key-6f1d9a2c" });
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    const stored = JSON.stringify(view);
    expect(stored).not.toContain("previous-key-6f1d9a2c");
    expect(stored).not.toContain("current-key-0b7e44aa");
    expect(stored).toContain("[masked:api_key]");
  });

  it("a rolled-back version opens under the version it was sealed as, and the run records it", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const { id } = await putSecret(user, "api_key", "good-value-v1-aaaa");
    await putSecret(user, "api_key", "bad-value-v2-bbbb");
    await putSecret(user, "api_key", "bad-value-v3-cccc");
    await rollBack(id, 1);
    const wf = await twoStepWorkflow(user, marker);
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    expect((await runView(runId)).status).toBe("succeeded");
    expect((await sentTo(marker)).map((r) => r.headers["x-key"])).toEqual([
      "good-value-v1-aaaa",
      "good-value-v1-aaaa",
    ]);
    const [pin] = await db.select().from(runSecretVersions).where(eq(runSecretVersions.runId, runId));
    expect(pin?.version).toBe(4);
  });
});

describe("expiry and health", () => {
  it("a run using an expired secret fails before its first step, naming the secret and when it expired", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const { id } = await putSecret(user, "api_key", "expired-value-1234");
    const expiresAt = "2026-01-01T00:00:00.000Z";
    await db.update(secrets).set({ expiresAt }).where(eq(secrets.id, id));
    const wf = await twoStepWorkflow(user, marker);
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);

    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe(
      `secret "api_key" (v1) expired at ${expiresAt}: nothing was sent; save a new value (secrets.update) or roll back to a version that has not expired, then run the workflow again`,
    );
    expect(view.steps.map((s) => s.status)).toEqual(["skipped", "skipped"]);
    expect(await sentTo(marker)).toEqual([]);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.userId, user));
    expect(events.map((e) => [e.action, e.detail])).toContainEqual([
      "secret.state_changed",
      { from: "ok", to: "expired" },
    ]);
    expect(events.map((e) => e.action)).not.toContain("secret.used");
  });

  it("three runs refused with 401 at the step that sends it mark the secret failing; a success clears it", async () => {
    const user = await seedUser();
    const { id } = await putSecret(user, "api_key", "refused-value-5678");
    const refused = await seedWorkflow(user, {
      name: "refused",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: `${echoUrl}/status/401`,
          headers: { "X-Key": "{{secrets.api_key}}" },
        },
      ],
    });
    const state = async () => (await db.select().from(secrets).where(eq(secrets.id, id)).get())?.state;
    for (let i = 1; i <= 3; i++) {
      const runId = await queueRun(refused.id, user);
      await deliverRun(runId);
      expect((await runView(runId)).status).toBe("failed");
      expect(await state()).toBe(i < 3 ? "ok" : "failing");
    }
    const ok = await seedWorkflow(user, {
      name: "accepted",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: `${echoUrl}/echo/${crypto.randomUUID()}`,
          headers: { "X-Key": "{{secrets.api_key}}" },
        },
      ],
    });
    await deliverRun(await queueRun(ok.id, user));
    expect(await state()).toBe("ok");
    const moves = await db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "secret.state_changed")))
      .orderBy(desc(auditEvents.createdAt));
    expect(moves.map((m) => m.detail)).toEqual([
      { from: "failing", to: "ok" },
      { from: "ok", to: "failing" },
    ]);
  });
});

describe("cron: secret states that time changes", () => {
  it("records expiring and expired on the tick, each change once, with its audit event", async () => {
    const user = await seedUser();
    const soon = await putSecret(user, "soon_key", "soon-value-1234");
    const week = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await db.update(secrets).set({ expiresAt: week }).where(eq(secrets.id, soon.id));
    const state = async () => (await db.select().from(secrets).where(eq(secrets.id, soon.id)).get())?.state;
    await tick();
    expect(await state()).toBe("expiring");
    // Ten days later (as the scheduler would tick then): expired.
    await tick(new Date(Date.now() + 10 * 86_400_000));
    expect(await state()).toBe("expired");
    await tick(new Date(Date.now() + 10 * 86_400_000));
    const moves = await db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "secret.state_changed")))
      .orderBy(desc(auditEvents.createdAt));
    expect(moves.map((m) => m.detail)).toEqual([
      { from: "expiring", to: "expired" },
      { from: "ok", to: "expiring" },
    ]);
  });
});

describe("cron: liveness checks", () => {
  it("sends an asked-for check with the secret, keeps only the status, and a 401 marks the secret failing", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const { id } = await putSecret(user, "checked_key", "liveness-value-8c2f");
    const ask = (path: string) =>
      db
        .update(secrets)
        .set({
          livenessCheck: {
            method: "GET",
            url: `${echoUrl}${path}`,
            headers: { Authorization: "Bearer {{secrets.checked_key}}" },
          },
          livenessRequestedAt: new Date().toISOString(),
        })
        .where(eq(secrets.id, id));
    const row = async () => db.select().from(secrets).where(eq(secrets.id, id)).get();

    await ask("/status/401");
    await tick();
    expect(await row()).toMatchObject({ livenessResult: "401", livenessRequestedAt: null, state: "failing" });

    await ask(`/echo/${marker}`);
    await tick();
    expect(await row()).toMatchObject({ livenessResult: "200", state: "ok", failingSince: null });
    expect((await sentTo(marker)).map((r) => r.headers.authorization)).toEqual([
      "Bearer liveness-value-8c2f",
    ]);
    // Nothing but the status is stored: no response, no value.
    expect(JSON.stringify(await row())).not.toContain("liveness-value-8c2f");

    // Not asked again and not scheduled: the next tick sends nothing.
    await tick();
    expect(await sentTo(marker)).toHaveLength(1);
  });
});

describe("credentials nobody registered", () => {
  it("masks a new sk_live key and a JWT in a stored response, and records the finding per step", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const issued = "sk_live_51Qx8Rt2Vm9Kd4Lp7Nz3Wc6Hb";
    const session =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfNDIiLCJleHAiOjE5MDAwMDAwMDB9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const wf = await seedWorkflow(user, {
      name: "issues a key",
      trigger: { type: "manual" },
      steps: [
        {
          id: "create_key",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}`,
          body: { type: "json", value: { issued: "{{trigger.key}}", session: "{{trigger.jwt}}" } },
        },
      ],
    });
    const runId = await queueRun(wf.id, user, { key: issued, jwt: session });
    await deliverRun(runId);
    const view = await runView(runId);
    const [step] = view.steps;
    expect(step?.status).toBe("succeeded");
    const stored = JSON.stringify({ response: step?.response, output: step?.output });
    expect(stored).not.toContain(issued);
    expect(stored).not.toContain(session);
    expect(stored).toContain("[masked:unregistered stripe-secret-key-live]");
    expect(stored).toContain("[masked:unregistered jwt]");
    expect(step?.unregistered).toEqual(
      expect.arrayContaining([
        { kind: "stripe-secret-key-live", label: "Stripe secret key", field: "response", count: 1 },
        { kind: "jwt", label: "JSON Web Token", field: "response", count: 1 },
        { kind: "stripe-secret-key-live", label: "Stripe secret key", field: "output", count: 1 },
      ]),
    );
  });
});
