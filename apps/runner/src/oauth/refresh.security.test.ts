import { env } from "cloudflare:workers";
import { auditEvents } from "@workflow-secrets/db";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import {
  needsReconnectAt,
  oauthClients,
  oauthLog,
  putAppCredential,
  resourceUrl,
  revokeGrant,
  storedCredential,
  tokenUrl,
} from "../../test/worker/oauth";
import { runView } from "../../test/worker/run-view";
import { db, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { loadConfig } from "../env";
import { freshTokens } from "./fresh-tokens";

const callResource = (name: string) => ({
  id: "call",
  type: "http" as const,
  url: resourceUrl,
  retries: 0,
  headers: { Authorization: `Bearer {{secrets.${name}.accessToken}}` },
});

async function runOnce(userId: string, workflowId: string) {
  const runId = await queueRun(workflowId, userId);
  await deliverRun(runId);
  return runView(runId);
}

const logged: string[] = [];
const views: unknown[] = [];

describe("OAuth2 refresh: failures, rotation, crash ordering, leaks", () => {
  beforeAll(() => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterAll(() => vi.restoreAllMocks());

  it("a revoked grant fails the run with a clear, masked reconnect error, marks the credential and audits it", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken } = await putAppCredential(user, "crm");
    await revokeGrant(refreshToken);
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    const view = await runOnce(user, id);
    views.push(view);
    expect(view.status).toBe("failed");
    expect(view.steps[0]?.status).toBe("failed");
    expect(view.error).toBe(
      'step "call": the OAuth2 credential "crm" needs reconnecting: the token endpoint refused the refresh (the token endpoint answered 400 invalid_grant). Connect it again (extension: Secrets → crm → Connect) or save a new refresh token with secrets.update',
    );
    expect(await needsReconnectAt(secretId)).not.toBeNull();
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "secret.needs_reconnect")));
    expect(events).toHaveLength(1);

    // The next run fails at once, without asking the token endpoint again.
    const before = (await oauthLog()).tokenRequests.length;
    const again = await runOnce(user, id);
    views.push(again);
    expect(again.status).toBe("failed");
    expect(again.error).toContain("needs reconnecting");
    expect((await oauthLog()).tokenRequests.length).toBe(before);
  });

  it("a rotated refresh token is rejected by the server afterwards, and the vault never presents it again", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken: original } = await putAppCredential(user, "crm");
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    views.push(await runOnce(user, id));
    const rotated = (await storedCredential(secretId)).fields.refreshToken as string;
    expect(rotated).not.toBe(original);
    expect((await oauthLog()).tokenRequests.filter((r) => r.refreshToken === original)).toHaveLength(1);
    // Presented again by someone else, the old token is refused (and, by the server's rule, the grant revoked).
    const reuse = await fetch(tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa(`${oauthClients.app.id}:${oauthClients.app.secret}`)}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: original }).toString(),
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("a crash between the refresh and the store never uses the new token, and the spent refresh token is never sent again", async () => {
    const user = await seedUser();
    const { id: secretId, refreshToken } = await putAppCredential(user, "crm");
    const { row, fields } = await storedCredential(secretId);
    const keyring = loadConfig(env).keyring;
    // The refresh reaches the server (which rotates), then the runner dies before storing.
    const crashed = await freshTokens(
      {
        db,
        keyring,
        allowPrivateNetwork: true,
        leaseMs: 1_000,
        store: async () => {
          throw new Error("the isolate was killed");
        },
      },
      { id: secretId, name: "crm", version: row.version, fields },
    );
    expect(crashed).toMatchObject({ ok: false, reconnect: false });
    const log = await oauthLog();
    const refresh = log.tokenRequests.filter((r) => r.refreshToken === refreshToken);
    expect(refresh).toEqual([expect.objectContaining({ status: 200 })]);
    const lost = refresh[0]?.issued?.accessToken as string;
    expect(lost).toBeTruthy();
    // Stored first, used after: the access token that came with the lost refresh token was never sent.
    expect(log.resourceRequests.some((r) => r.token === lost)).toBe(false);
    expect((await storedCredential(secretId)).row.version).toBe(row.version);

    // The next run waits out the dead holder's lease, sees its request went out, and asks for a
    // reconnect instead of presenting the (now spent) refresh token again.
    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [callResource("crm")],
    });
    const view = await runOnce(user, id);
    views.push(view);
    expect(view.status).toBe("failed");
    expect(view.error).toContain("a refresh was interrupted after its request was sent");
    expect((await oauthLog()).tokenRequests.filter((r) => r.refreshToken === refreshToken)).toHaveLength(1);
    expect(await needsReconnectAt(secretId)).not.toBeNull();
  });

  it("leak sweep: no token, client secret or code the server issued is in D1, run data or logs", async () => {
    const log = await oauthLog();
    const canaries = new Set<string>([oauthClients.app.secret, oauthClients.machine.secret]);
    for (const r of log.tokenRequests) {
      for (const value of [r.refreshToken, r.code, r.issued?.accessToken, r.issued?.refreshToken]) {
        if (value) canaries.add(value);
      }
    }
    for (const r of log.resourceRequests) if (r.token.length > 20) canaries.add(r.token);
    expect(canaries.size).toBeGreaterThan(5);
    const haystack = { d1: await dumpDatabase(), runs: JSON.stringify(views), logs: logged.join("\n") };
    expect(findLeaks(haystack, [...canaries])).toEqual([]);
  });
});
