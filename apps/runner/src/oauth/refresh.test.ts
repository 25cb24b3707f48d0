import { auditEvents, runs, workflows } from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import {
  deliverRunsTogether,
  killAccessToken,
  oauthClients,
  oauthLog,
  putAppCredential,
  resourceUrl,
  storedCredential,
  tokenUrl,
} from "../../test/worker/oauth";
import { runView } from "../../test/worker/run-view";
import { tick } from "../../test/worker/scheduled";
import { db, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { putTypedSecret } from "../../test/worker/seed-typed";

const callResource = (name: string, query = "") => ({
  id: "call",
  type: "http" as const,
  url: `${resourceUrl}${query}`,
  retries: 0,
  headers: { Authorization: `Bearer {{secrets.${name}.accessToken}}` },
});

const refreshesOf = async (refreshTokens: string[]) =>
  (await oauthLog()).tokenRequests.filter((r) => r.refreshToken && refreshTokens.includes(r.refreshToken));

describe("OAuth2 managed refresh", () => {
  it("refreshes before the step fires, stores the rotated refresh token, and the resource accepts the new token", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken } = await putAppCredential(user, "crm");
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0]?.response).toMatchObject({ status: 200, body: { ok: true, sub: "user-1" } });

    const { row, fields } = await storedCredential(secretId);
    expect(row.version).toBe(2);
    expect(fields.refreshToken).not.toBe(refreshToken);
    expect(Date.parse(fields.expiresAt ?? "")).toBeGreaterThan(Date.now() - 5_000);
    expect(await refreshesOf([refreshToken])).toEqual([expect.objectContaining({ status: 200 })]);
    const log = await oauthLog();
    expect(log.resourceRequests.filter((r) => r.token === fields.accessToken)).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "secret.refreshed")));
    expect(audit).toHaveLength(1);
  });

  it("after a rollback (a kept envelope current under a newer number) it opens, refreshes and stores a version that opens", async () => {
    const user = await seedUser();
    const { id: secretId } = await putAppCredential(user, "crm");
    // What secrets.rollback does: the kept v1 envelope becomes current as v2, its aad still naming v1.
    await db.$client
      .prepare("UPDATE secrets SET version = 2, sealed_version = 1 WHERE id = ?1")
      .bind(secretId)
      .run();
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    for (let round = 0; round < 2; round++) {
      const runId = await queueRun(id, user);
      await deliverRun(runId);
      const view = await runView(runId);
      expect(view.status, view.error ?? "").toBe("succeeded");
      // Each refresh seals version + 1 for itself: the next open (round 2) must not use the rolled-back aad.
      const { row } = await storedCredential(secretId);
      expect(row.sealedVersion).toBeNull();
      expect(row.version).toBeGreaterThan(2);
    }
  });

  it("a scheduled workflow keeps succeeding across several token expiries, each refresh rotating the refresh token", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken } = await putAppCredential(user, "crm");
    const start = Date.now();
    const { id } = await seedWorkflow(
      user,
      {
        name: "every minute",
        trigger: { type: "schedule", cron: "* * * * *" },
        steps: [callResource("crm")],
      },
      { nextRunAt: new Date(start - 1000).toISOString() },
    );
    const used = [refreshToken];
    for (let minute = 0; minute < 3; minute++) {
      // Wait until the access token stored by the previous run has really expired at the server.
      const { fields } = await storedCredential(secretId);
      if (fields.expiresAt)
        await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(fields.expiresAt as string)), {
          timeout: 20_000,
          interval: 200,
        });
      await tick(new Date(start + minute * 60_000));
      await vi.waitFor(
        async () => {
          const finished = await db
            .select()
            .from(runs)
            .where(and(eq(runs.workflowId, id), eq(runs.status, "succeeded")));
          expect(finished).toHaveLength(minute + 1);
        },
        { timeout: 30_000, interval: 200 },
      );
      used.push((await storedCredential(secretId)).fields.refreshToken as string);
    }
    expect(new Set(used).size).toBe(4);
    const refreshes = await refreshesOf(used);
    // Every refresh token the vault held was presented exactly once, in order, and accepted.
    expect(refreshes.map((r) => [r.refreshToken, r.status])).toEqual(used.slice(0, 3).map((t) => [t, 200]));
    const failed = await db
      .select()
      .from(runs)
      .where(and(eq(runs.workflowId, id), eq(runs.status, "failed")));
    expect(failed).toEqual([]);
    await db.update(workflows).set({ enabled: false }).where(eq(workflows.id, id));
  });

  it("20 concurrent runs with an expired token make exactly one refresh, and all 20 succeed", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken } = await putAppCredential(user, "crm", {
      accessToken: "expired-access-token-value-1",
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    const runIds = await Promise.all(Array.from({ length: 20 }, () => queueRun(id, user)));
    await deliverRunsTogether(runIds);
    const views = await Promise.all(runIds.map(runView));
    expect(views.map((v) => v.status)).toEqual(Array(20).fill("succeeded"));
    expect(await refreshesOf([refreshToken])).toHaveLength(1);
    const { row, fields } = await storedCredential(secretId);
    expect(row.version).toBe(2);
    const calls = (await oauthLog()).resourceRequests.filter((r) => r.token === fields.accessToken);
    expect(calls).toHaveLength(20);
    expect(calls.every((c) => c.status === 200)).toBe(true);
  });

  it("on 401 it refreshes once and repeats the step once with the same Idempotency-Key", async () => {
    const user = await seedUser();
    const first = await putAppCredential(user, "crm");
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    await deliverRun(await queueRun(id, user));
    const before = (await storedCredential(first.id)).fields;
    // The service stops accepting the token although its expiry says it is fresh.
    await putTypedSecret(user, "crm", "oauth2", {
      ...before,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await killAccessToken(before.accessToken as string);
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    const after = (await storedCredential(first.id)).fields;
    expect(after.accessToken).not.toBe(before.accessToken);
    const calls = (await oauthLog()).resourceRequests.filter((r) => r.idempotencyKey === `${runId}:call`);
    expect(calls.map((c) => [c.token === before.accessToken, c.status])).toEqual([
      [true, 401],
      [false, 200],
    ]);
  });

  it("a 200 body matching the credential's expired rule counts as expired too", async () => {
    const user = await seedUser();
    const { id: secretId } = await putAppCredential(user, "crm", {
      accessToken: "not-a-live-token-anymore-1",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      expiredBodyContains: "TOKEN_EXPIRED",
    });
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm", "?soft=1")],
    });
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0]?.response).toMatchObject({ status: 200, body: { ok: true } });
    expect((await storedCredential(secretId)).row.version).toBe(2);
  });

  it("a client-credentials credential renews by itself", async () => {
    const user = await seedUser();
    const { id: secretId } = await putTypedSecret(user, "machine", "oauth2", {
      tokenUrl,
      clientId: oauthClients.machine.id,
      clientSecret: oauthClients.machine.secret,
      grant: "client_credentials",
    });
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("machine")],
    });
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const runId = await queueRun(id, user);
      await deliverRun(runId);
      expect((await runView(runId)).status).toBe("succeeded");
      const { fields } = await storedCredential(secretId);
      tokens.push(fields.accessToken as string);
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(fields.expiresAt as string)), {
        timeout: 20_000,
        interval: 200,
      });
    }
    expect(new Set(tokens).size).toBe(2);
    const log = await oauthLog();
    expect(log.resourceRequests.filter((r) => tokens.includes(r.token)).map((r) => r.status)).toEqual([
      200, 200,
    ]);
  });
});
