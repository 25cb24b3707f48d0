import { auditEvents } from "@workflow-secrets/db";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { db, putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

async function githubSignature(key: string, body: string): Promise<string> {
  const utf8 = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    utf8.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, utf8.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

describe("verified webhooks: the runner checks the delivery before any step fires", () => {
  it("runs a signed delivery; rejects a forged one and a replay, firing nothing and auditing each", async () => {
    const user = await seedUser();
    const key = makeCanary("gh_key", "token");
    // A signing key is never sent anywhere: no destinations, no scripts.
    await putSecret(user, "github_hook_key", key, "newest", { destinations: [], scripts: false });
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "verified",
      trigger: { type: "webhook", verify: { preset: "github", secret: "github_hook_key" } },
      steps: [{ id: "notify", type: "http", url: `${echoUrl}/echo/${marker}` }],
    });
    const rawBody = JSON.stringify({ action: "opened", number: 7 });
    const signed = {
      body: JSON.parse(rawBody),
      rawBody,
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": await githubSignature(key, rawBody),
        "x-github-delivery": crypto.randomUUID(),
      },
    };
    const sent = async () => (await records()).requests.filter((r) => r.path.includes(marker)).length;

    const good = await queueRun(wf.id, user, signed, "webhook");
    await deliverRun(good);
    expect((await runView(good)).status).toBe("succeeded");
    expect(await sent()).toBe(1);

    const replay = await queueRun(wf.id, user, signed, "webhook");
    await deliverRun(replay);
    const replayed = await runView(replay);
    expect(replayed.status).toBe("rejected");
    expect(replayed.error).toBe(
      "webhook delivery rejected (github signature): replayed: a delivery with the same id was already accepted for this workflow; no step ran",
    );
    expect(replayed.steps).toEqual([]);

    const forgedBody = JSON.stringify({ action: "opened", number: 8 });
    const forged = await queueRun(
      wf.id,
      user,
      {
        ...signed,
        body: JSON.parse(forgedBody),
        rawBody: forgedBody,
        headers: { ...signed.headers, "x-github-delivery": "other" },
      },
      "webhook",
    );
    await deliverRun(forged);
    expect(await runView(forged)).toMatchObject({
      status: "rejected",
      error:
        "webhook delivery rejected (github signature): the signature does not match the body; no step ran",
    });
    // A manual run with forged input is checked the same way.
    const manual = await queueRun(wf.id, user, { body: {}, headers: {} }, "manual");
    await deliverRun(manual);
    expect((await runView(manual)).status).toBe("rejected");

    expect(await sent()).toBe(1);
    const audited = await db
      .select({ runId: auditEvents.runId, actor: auditEvents.actor })
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user), eq(auditEvents.action, "webhook.rejected")));
    expect(audited.map((e) => e.runId).sort()).toEqual([replay, forged, manual].sort());
    expect(audited.every((e) => e.actor === "runner")).toBe(true);
    expect(findLeaks(await dumpDatabase(), [key])).toEqual([]);
  });

  it("rejects when the signing secret does not exist, without running the steps", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "no key",
      trigger: { type: "webhook", verify: { preset: "slack", secret: "missing_key" } },
      steps: [{ id: "notify", type: "http", url: `${echoUrl}/echo/${marker}` }],
    });
    const runId = await queueRun(wf.id, user, { body: "x", headers: {} }, "webhook");
    await deliverRun(runId);
    expect(await runView(runId)).toMatchObject({
      status: "rejected",
      error:
        'webhook delivery rejected (slack signature): the signing secret "missing_key" is missing or could not be opened; no step ran',
    });
    expect((await records()).requests.filter((r) => r.path.includes(marker))).toEqual([]);
  });

  it("Standard Webhooks: a fresh delivery runs, the same webhook-id again and a stale timestamp are rejected", async () => {
    const user = await seedUser();
    const key = `whsec_${btoa(crypto.randomUUID())}`;
    await putSecret(user, "sw_key", key, "newest", { destinations: [], scripts: false });
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "standard",
      trigger: { type: "webhook", verify: { preset: "standard-webhooks", secret: "sw_key" } },
      steps: [{ id: "notify", type: "http", url: `${echoUrl}/echo/${marker}` }],
    });
    const delivery = (id: string, at: Date) => {
      const rawBody = JSON.stringify({ type: "invoice.paid", id });
      const headers = {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(key).sign(id, at, rawBody),
      };
      return { body: JSON.parse(rawBody), rawBody, headers };
    };
    const deliver = async (trigger: unknown) => {
      const runId = await queueRun(wf.id, user, trigger, "webhook");
      await deliverRun(runId);
      return runView(runId);
    };
    const fresh = delivery("msg_fresh", new Date());
    expect((await deliver(fresh)).status).toBe("succeeded");
    expect(await deliver(fresh)).toMatchObject({
      status: "rejected",
      error:
        "webhook delivery rejected (standard-webhooks signature): replayed: a delivery with the same id was already accepted for this workflow; no step ran",
    });
    expect(await deliver(delivery("msg_stale", new Date(Date.now() - 10 * 60_000)))).toMatchObject({
      status: "rejected",
      error:
        "webhook delivery rejected (standard-webhooks signature): the signed timestamp is more than 300 s away from when it was received; no step ran",
    });
    expect((await records()).requests.filter((r) => r.path.includes(marker))).toHaveLength(1);
  });
});
