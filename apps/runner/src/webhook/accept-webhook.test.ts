import { SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { runView } from "../../test/worker/run-view";
import { putSecret, seedUser, seedWorkflow } from "../../test/worker/seed";
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
  return { user, signingKey, webhookId: wf.webhookId as string };
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

describe("POST /hooks/:webhookId", () => {
  it("queues a run with { body, headers, rawBody } as trigger; a valid signature lets the run continue", async () => {
    const marker = crypto.randomUUID();
    const { signingKey, webhookId } = await webhookWorkflow(marker);
    const body = JSON.stringify({ event: "order.paid", order: { id: "ord_42" } });
    const response = await SELF.fetch(`http://runner/hooks/${webhookId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": hmacSha256Hex(signingKey, body) },
      body,
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };

    const view = await waitForEnd(runId);
    expect(view.status).toBe("succeeded");
    expect(view.triggerType).toBe("webhook");
    expect(view.triggerInput).toMatchObject({
      body: JSON.parse(body),
      rawBody: body,
      headers: { "x-signature": expect.any(String) },
    });
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["verify", "succeeded"],
      ["forward", "succeeded"],
    ]);
    const forwarded = (await records()).requests.find((r) => r.path.includes(marker));
    expect(JSON.parse(forwarded?.body ?? "")).toEqual({ event: "order.paid", order: "ord_42" });
  });

  it("an invalid signature stops the run at the script step; later steps are skipped", async () => {
    const marker = crypto.randomUUID();
    const { webhookId } = await webhookWorkflow(marker);
    const body = JSON.stringify({ event: "order.paid", order: { id: "ord_43" } });
    const response = await SELF.fetch(`http://runner/hooks/${webhookId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-signature": hmacSha256Hex("not-the-key", body) },
      body,
    });
    const { runId } = (await response.json()) as { runId: string };
    const view = await waitForEnd(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toBe('step "verify": the script threw Error: invalid webhook signature');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["verify", "failed"],
      ["forward", "skipped"],
    ]);
    expect((await records()).requests.some((r) => r.path.includes(marker))).toBe(false);
  });

  it("answers the same bare 404 for unknown, disabled and non-webhook ids, and for other routes", async () => {
    const user = await seedUser();
    const disabled = await seedWorkflow(
      user,
      { name: "off", trigger: { type: "webhook" }, steps: [{ id: "a", type: "script", code: "return 1" }] },
      { enabled: false },
    );
    for (const path of [
      `/hooks/${crypto.randomUUID()}`,
      `/hooks/${disabled.webhookId}`,
      "/hooks/",
      "/",
      "/trpc/x",
    ]) {
      const response = await SELF.fetch(`http://runner${path}`, { method: "POST", body: "{}" });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not found" });
    }
    const get = await SELF.fetch(`http://runner/hooks/${disabled.webhookId}`);
    expect(get.status).toBe(404);
  });

  it("keeps a non-JSON body as text and refuses bodies over 1 MiB", async () => {
    const { webhookId } = await webhookWorkflow(crypto.randomUUID());
    const text = await SELF.fetch(`http://runner/hooks/${webhookId}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "plain body",
    });
    const { runId } = (await text.json()) as { runId: string };
    expect((await runView(runId)).triggerInput).toMatchObject({ body: "plain body" });

    const big = await SELF.fetch(`http://runner/hooks/${webhookId}`, {
      method: "POST",
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
  });
});
