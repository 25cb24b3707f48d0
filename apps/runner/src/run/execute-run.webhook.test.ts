import { env } from "cloudflare:workers";
import { queueRun } from "@workflow-secrets/db";
import { describe, expect, it, vi } from "vitest";
import { runView } from "../../test/worker/run-view";
import { db, putSecret, sealingPublicKey, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";
import { hmacSha256Hex } from "../sandbox/script-helpers";

// The seed's webhook example: verify the sender's HMAC over the exact body bytes, stop otherwise.
const VERIFY_SIGNATURE = `
const expected = hmacSha256Hex(secrets.webhook_signing_key, trigger.rawBody);
if (!timingSafeEqual(expected, trigger.headers["x-signature"] || "")) {
  throw new Error("invalid webhook signature");
}
return { verified: true, event: trigger.body.event };
`;

async function webhookWorkflow(marker: string) {
  const user = await seedUser();
  const signingKey = `whsec_${crypto.randomUUID()}`;
  await putSecret(user, "webhook_signing_key", signingKey);
  const wf = await seedWorkflow(user, {
    name: "on order",
    trigger: { type: "webhook" },
    steps: [
      { id: "verify", type: "script", code: VERIFY_SIGNATURE },
      {
        id: "forward",
        type: "http",
        method: "POST",
        url: `${echoUrl}/echo/${marker}`,
        body: {
          type: "json",
          value: { event: "{{steps.verify.event}}", order: "{{trigger.body.order.id}}" },
        },
      },
    ],
  });
  return { user, signingKey, workflowId: wf.id };
}

const waitForEnd = (runId: string) =>
  vi.waitFor(
    async () => {
      const view = await runView(runId);
      if (view.status !== "succeeded" && view.status !== "failed") throw new Error(`still ${view.status}`);
      return view;
    },
    { timeout: 45_000, interval: 50 },
  );

/**
 * What the API's webhook intake queues (`{ body, headers, rawBody }`, see apps/api/src/webhook), sent
 * through the shared queueRun and the real Queue to this runner's consumer.
 */
async function deliverWebhook(user: string, workflowId: string, body: string, signature: string) {
  const queued = await queueRun(db, env.RUNS_QUEUE, {
    workflowId,
    userId: user,
    triggerType: "webhook",
    triggerInput: {
      body: JSON.parse(body),
      headers: { "content-type": "application/json", "x-signature": signature },
      rawBody: body,
    },
    sealingKey: sealingPublicKey,
  });
  if (queued.status !== "queued") throw new Error(`the run was not queued: ${queued.status}`);
  return queued.runId;
}

describe("webhook-triggered runs", () => {
  it("a valid signature over rawBody lets the run continue; the trigger is readable by later steps", async () => {
    const marker = crypto.randomUUID();
    const { user, signingKey, workflowId } = await webhookWorkflow(marker);
    const body = JSON.stringify({ event: "order.paid", order: { id: "ord_42" } });
    const runId = await deliverWebhook(user, workflowId, body, hmacSha256Hex(signingKey, body));

    const view = await waitForEnd(runId);
    expect(view.status).toBe("succeeded");
    expect(view.triggerType).toBe("webhook");
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["verify", "succeeded"],
      ["forward", "succeeded"],
    ]);
    const forwarded = (await records()).requests.find((r) => r.path.includes(marker));
    expect(JSON.parse(forwarded?.body ?? "")).toEqual({ event: "order.paid", order: "ord_42" });
  });

  it("an invalid signature stops the run at the script step; later steps are skipped", async () => {
    const marker = crypto.randomUUID();
    const { user, workflowId } = await webhookWorkflow(marker);
    const body = JSON.stringify({ event: "order.paid", order: { id: "ord_43" } });
    const runId = await deliverWebhook(user, workflowId, body, hmacSha256Hex("not-the-key", body));
    const view = await waitForEnd(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe('step "verify": the script threw Error: invalid webhook signature');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["verify", "failed"],
      ["forward", "skipped"],
    ]);
    expect((await records()).requests.some((r) => r.path.includes(marker))).toBe(false);
  });
});
