import { createHmac } from "node:crypto";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { SIGNATURE_HEADER } from "@workflow-secrets/stack";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { recordingFetch, type User } from "./support/api";
import { readInbox, tickCron, waitForRun } from "./support/runs";
import { definitions, type SeedSecrets, signUpWithSeedSecrets } from "./support/seed-user";

let alice: User;
let secrets: SeedSecrets;
let workflows: { charge: string; digest: string; webhook: string; webhookId: string };

beforeAll(async () => {
  ({ user: alice, secrets } = await signUpWithSeedSecrets("alice"));
  const charge = await alice.client.workflows.create.mutate(definitions.charge());
  const digest = await alice.client.workflows.create.mutate(definitions.digest());
  const webhook = await alice.client.workflows.create.mutate(definitions.webhook());
  expect([charge, digest, webhook].map((w) => w.missingSecrets)).toEqual([[], [], []]);
  workflows = {
    charge: charge.id,
    digest: digest.id,
    webhook: webhook.id,
    webhookId: String(webhook.webhookId),
  };
});

const allCanaries = () => Object.values(secrets);

describe("the seed examples through the real stack", () => {
  it("manual run: the payments API gets the bearer token, Slack the alert, SMTP the password", async () => {
    const { runId } = await alice.client.workflows.run.mutate({ id: workflows.charge });
    const run = await waitForRun(alice.client, runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["charge", "succeeded"],
      ["notify", "succeeded"],
      ["receipt", "succeeded"],
    ]);

    const inbox = await readInbox();
    const charges = inbox.echo.filter((r) => r.headers["idempotency-key"] === `${runId}:charge`);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ method: "POST", url: "/v1/charges" });
    expect(charges[0]?.headers.authorization).toBe(`Bearer ${secrets.stripe.value}`);
    expect(Object.fromEntries(new URLSearchParams(charges[0]?.body))).toEqual({
      amount: "2000",
      currency: "usd",
    });

    const slackPath = new URL(secrets.slack.value).pathname;
    const alerts = inbox.slack.filter((r) => r.url === slackPath);
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]?.body ?? "{}")).toMatchObject({ text: "Charged 20.00 USD (HTTP 200)" });

    const mails = inbox.mail.filter((m) => m.password === secrets.smtp.value);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      username: "alerts@example.com",
      from: "billing@example.com",
      to: ["customer@example.com"],
    });
    expect(mails[0]?.message).toContain("We charged 20.00 USD. Thank you!");

    // The echo server reflected the bearer token: run history holds it masked, never in clear.
    const stored = JSON.stringify(run);
    expect(stored).toContain("[masked:stripe_secret]");
    expect(findLeaks(stored, allCanaries())).toEqual([]);
  });

  it("scheduled run: a cron tick at the due time dispatches it once, with the current secrets", async () => {
    const workflow = await alice.client.workflows.get.query({ id: workflows.digest });
    expect(workflow.nextRunAt).toEqual(expect.any(String));
    const due = new Date(String(workflow.nextRunAt));
    // Two overlapping ticks for the same occurrence: exactly one run.
    await Promise.all([tickCron(due), tickCron(due)]);

    let runId = "";
    await vi.waitFor(
      async () => {
        const runs = await alice.client.runs.list.query({ workflowId: workflows.digest });
        expect(runs.items).toHaveLength(1);
        runId = String(runs.items[0]?.id);
      },
      { timeout: 45_000, interval: 300 },
    );
    const run = await waitForRun(alice.client, runId);
    expect(run).toMatchObject({ status: "succeeded", triggerType: "schedule" });

    const inbox = await readInbox();
    const calls = inbox.echo.filter((r) => r.headers["idempotency-key"] === `${runId}:balance`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "GET", url: "/v1/balance" });
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${secrets.stripe.value}`);
    const posts = inbox.slack.filter((r) => r.body.includes("Scheduled balance check"));
    expect(posts.map((p) => [p.url, JSON.parse(p.body).text])).toEqual([
      [new URL(secrets.slack.value).pathname, "Scheduled balance check: HTTP 200"],
    ]);
    const next = await alice.client.workflows.get.query({ id: workflows.digest });
    expect(new Date(String(next.nextRunAt)).getTime()).toBeGreaterThan(due.getTime());
  });

  it("webhook with a valid HMAC signature: verified by the script step, then forwarded", async () => {
    const body = JSON.stringify({ type: "invoice.paid", id: "evt_e2e_1" });
    const signature = createHmac("sha256", secrets.signing.value).update(body).digest("hex");
    const runId = await deliverWebhook(body, signature);
    const run = await waitForRun(alice.client, runId);
    expect(run).toMatchObject({ status: "succeeded", triggerType: "webhook" });
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["verify", "succeeded"],
      ["forward", "succeeded"],
    ]);
    expect(JSON.stringify(run.steps[0]?.console)).toContain("signature verified");

    const forwarded = (await readInbox()).echo.filter(
      (r) => r.headers["idempotency-key"] === `${runId}:forward`,
    );
    expect(forwarded).toHaveLength(1);
    expect(JSON.parse(forwarded[0]?.body ?? "{}")).toEqual({ event: "invoice.paid" });
    expect(forwarded[0]?.headers.authorization).toBe(`Bearer ${secrets.stripe.value}`);
  });

  it("webhook with a bad signature: the run stops at the script step, nothing is forwarded", async () => {
    const body = JSON.stringify({ type: "invoice.paid", id: "evt_e2e_forged" });
    const forged = createHmac("sha256", "not-the-signing-key").update(body).digest("hex");
    const runId = await deliverWebhook(body, forged);
    const run = await waitForRun(alice.client, runId);
    expect(run.status).toBe("failed");
    expect(run.steps[0]).toMatchObject({ stepId: "verify", status: "failed" });
    expect(run.steps[0]?.error).toContain("invalid webhook signature");
    expect(run.steps.filter((s) => s.stepId === "forward" && s.status === "succeeded")).toEqual([]);
    const forwarded = (await readInbox()).echo.filter(
      (r) => r.headers["idempotency-key"] === `${runId}:forward`,
    );
    expect(forwarded).toEqual([]);
  });

  // The shared-token pattern: the sender authenticates with a vault secret it also knows. The API
  // stores the delivery only sealed to the runner's key; the run shows it masked; the leak sweep
  // (leak-sweep.e2e.test.ts) then searches D1's files, wrangler's output and every response for it.
  it("webhook carrying the signing secret as a shared token (header and body): stored and shown only masked", async () => {
    const token = secrets.signing.value;
    const body = JSON.stringify({ type: "invoice.paid", id: "evt_e2e_shared", token });
    const signature = createHmac("sha256", token).update(body).digest("hex");
    const response = await recordingFetch(`${inject("apiUrl")}/hooks/${workflows.webhookId}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signature,
        authorization: `Bearer ${token}`,
        "x-gitlab-token": token,
      },
      body,
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const run = await waitForRun(alice.client, runId);
    expect(run).toMatchObject({ status: "succeeded", triggerType: "webhook" });
    expect(run.trigger).toMatchObject({
      headers: {
        authorization: "Bearer [masked:webhook_signing_key]",
        "x-gitlab-token": "[masked:webhook_signing_key]",
      },
      body: { type: "invoice.paid", token: "[masked:webhook_signing_key]" },
    });
    expect(findLeaks(JSON.stringify(run), allCanaries())).toEqual([]);
  });

  it("a 1 MiB webhook body goes through: sealed at intake, stored masked by the runner", async () => {
    const body = "x".repeat(1024 * 1024);
    const response = await recordingFetch(`${inject("apiUrl")}/hooks/${workflows.webhookId}`, {
      method: "POST",
      headers: { "content-type": "text/plain", [SIGNATURE_HEADER]: "not-a-signature" },
      body,
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const run = await waitForRun(alice.client, runId);
    // Not signed: the script step refuses it, after the runner opened and stored the trigger.
    expect(run.status).toBe("failed");
    expect((run.trigger as { body: string }).body).toBe(body);
  });

  it("an unknown webhook id answers 404 with no detail, a broken % escape in it too (no 500)", async () => {
    for (const id of ["whk_does_not_exist", "%E0%A4%A", "whk_%"]) {
      const response = await recordingFetch(`${inject("apiUrl")}/hooks/${id}`, { method: "POST" });
      expect([id, response.status]).toEqual([id, 404]);
      expect(await response.json()).toEqual({ error: "not found" });
    }
  });

  // Regression: under `wrangler dev` a request body the Worker leaves unread makes the next request
  // fail with 503 "Your worker restarted mid-request" (first seen when webhooks were forwarded to the
  // runner; with intake in the API it still happens), so the API reads the bounded body before it
  // answers, even for an unknown id.
  it("after a webhook with a body to an unknown id, the next POST to the API still succeeds", async () => {
    const unknown = await recordingFetch(`${inject("apiUrl")}/hooks/whk_does_not_exist`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(100 * 1024) }),
    });
    expect(unknown.status).toBe(404);
    // No fixed pause: every one of the next requests must be answered (each sign-in pays a PBKDF2).
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = await recordingFetch(`${inject("apiUrl")}/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `nobody-${attempt}@example.com`, password: "wrong-password-123" }),
      });
      expect(next.status, `request ${attempt + 1} after the webhook`).toBe(401);
    }
  });

  it("after a webhook body over 1 MiB (413), the next POST to the API still succeeds", async () => {
    const tooLarge = await recordingFetch(`${inject("apiUrl")}/hooks/${workflows.webhookId}`, {
      method: "POST",
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    const next = await recordingFetch(`${inject("apiUrl")}/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.com", password: "wrong-password-123" }),
    });
    expect(next.status).toBe(401);
  });
});

async function deliverWebhook(body: string, signature: string): Promise<string> {
  const response = await recordingFetch(`${inject("apiUrl")}/hooks/${workflows.webhookId}`, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
    body,
  });
  expect(response.status).toBe(202);
  const { runId } = (await response.json()) as { runId: string };
  return runId;
}
