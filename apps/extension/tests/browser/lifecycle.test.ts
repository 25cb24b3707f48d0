import { createClient } from "@workflow-secrets/client";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ExtensionBrowser, launchWithExtension } from "./chromium";
import { connectThroughPopup, shot } from "./screens";

// Secret lifecycle in the extension: history and rollback, the "needs attention" view and badge, and
// "Save as a secret" for a credential a run found. Every wait is a condition.
const apiUrl = inject("apiUrl");
const echoUrl = inject("echoUrl");
const email = `lifecycle-${Date.now()}@example.com`;
const password = "correct horse battery";
const versions = [canary("sk_live_"), canary("sk_live_"), canary("sk_live_")];
const expiredValue = canary("ghp_");
const planted = [...versions, expiredValue];

let browser: ExtensionBrowser;
let api: ReturnType<typeof createClient>;

async function expectNoLeaks(page: Page, extra: string[] = []): Promise<void> {
  expect(findLeaks(await page.content(), [...planted, ...extra])).toEqual([]);
  expect(findLeaks(await browser.storageDump(), [...planted, ...extra])).toEqual([]);
}

describe("secret lifecycle in Chromium against the real API", () => {
  beforeAll(async () => {
    browser = await launchWithExtension(inject("extensionDir"));
    const session = await createClient({ url: apiUrl }).auth.signUp.mutate({ email, password });
    api = createClient({ url: apiUrl, token: session.token });
    await api.secrets.create.mutate({ name: "stripe_secret", value: versions[0] as string });
    await api.secrets.update.mutate({ name: "stripe_secret", value: versions[1] as string });
    await api.secrets.update.mutate({ name: "stripe_secret", value: versions[2] as string });
    await api.secrets.create.mutate({
      name: "old_token",
      value: expiredValue,
      expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const popup = await browser.open("popup.html");
    await connectThroughPopup(popup, { apiUrl, email, password, button: "Sign in" });
    await popup.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a secret's history and rolls back in one click, the confirmation naming the version", async () => {
    const options = await browser.open("options.html#secrets");
    const item = options.getByRole("listitem", { name: "stripe_secret" });
    await item.getByRole("button", { name: "History of stripe_secret" }).click();
    const history = item.getByRole("region", { name: "History of stripe_secret" });
    const list = history.getByRole("list", { name: "Versions of stripe_secret" });
    await list.getByRole("listitem", { name: "stripe_secret v1" }).waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(3);
    await list.getByRole("listitem", { name: "stripe_secret v3" }).getByText("current").waitFor();

    await list.getByRole("button", { name: "Roll back to v1" }).click();
    const confirm = history.getByRole("group", { name: "Confirm rollback to v1" });
    await confirm.getByText("Make v1 current again? It becomes v4").waitFor();
    await shot(options, "options-secret-history");
    await confirm.getByRole("button", { name: "Roll back stripe_secret to v1" }).click();
    await history.getByRole("status").getByText("stripe_secret is now v4, the value of v1").waitFor();
    await list.getByRole("listitem", { name: "stripe_secret v4" }).getByText("rollback of v1").waitFor();
    await item.getByText("v4", { exact: true }).waitFor();

    const listed = (await api.secrets.list.query()).find((s) => s.name === "stripe_secret");
    expect(listed?.version).toBe(4);
    await expectNoLeaks(options);
    await options.close();
  });

  it("shows a secret's liveness check and asks the runner for one on demand", async () => {
    await api.secrets.setLivenessCheck.mutate({
      name: "stripe_secret",
      check: {
        method: "GET",
        url: `${echoUrl}/v1/balance`,
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
      },
    });
    const options = await browser.open("options.html#secrets");
    const line = options.getByLabel("Liveness check of stripe_secret");
    await line.getByText(`GET ${echoUrl}/v1/balance`).waitFor();
    await line.getByText("not checked yet").waitFor();
    await line.getByRole("button", { name: "Check now" }).click();
    await line.getByRole("status").getByText("the runner sends it within a minute").waitFor();
    const listed = (await api.secrets.list.query()).find((s) => s.name === "stripe_secret");
    expect(listed?.liveness?.requestedAt).toBeTruthy();
    await options.close();
  });

  it("lists expired secrets first with what to do, in the 'Needs attention' view and on the badge", async () => {
    const options = await browser.open("options.html#secrets");
    const first = options.getByRole("region", { name: "Saved secrets" }).getByRole("listitem").first();
    await expect.poll(() => first.getAttribute("aria-label")).toBe("old_token");
    await first.getByTestId("secret-state").getByText("Expired").waitFor();

    await options.getByRole("link", { name: "Needs attention" }).click();
    const view = options.getByRole("region", { name: "Secrets that need attention" });
    await view.getByTestId("attention-counts").getByText("1 expired · 0 failing · 0 expiring").waitFor();
    const expired = view.getByRole("listitem", { name: "old_token" });
    await expired.getByText("Runs that use it stop before sending anything").waitFor();
    await expect.poll(() => view.getByRole("listitem").count()).toBe(1);
    await shot(options, "options-needs-attention");

    const badge = () =>
      browser.worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as {
          chrome: { action: { getBadgeText(details: object): Promise<string> } };
        };
        return chrome.action.getBadgeText({});
      });
    await expect.poll(badge).toBe("1");
    await expectNoLeaks(options);
    await options.close();
  });

  it("offers 'Save as a secret' for a credential a run found, asking for the value to be pasted", async () => {
    const workflow = await api.workflows.create.mutate({
      name: "Provision a key",
      trigger: { type: "manual" },
      steps: [{ id: "provision", type: "http", method: "POST", url: `${echoUrl}/issue`, retries: 0 }],
    });
    const { runId } = await api.workflows.run.mutate({ id: workflow.id });
    const options = await browser.open(`options.html#runs/${runId}`);
    const step = options.getByRole("region", { name: "Step provision" });
    const findings = step.getByRole("list", { name: "Unregistered credentials in step provision" });
    const finding = findings.getByRole("listitem", { name: "Finding stripe-secret-key-live in response" });
    await expect.poll(() => step.textContent()).toContain("[masked:unregistered stripe-secret-key-live]");
    // The run has stored the response: the key the service issued is the one to paste.
    const issued = ((await (await fetch(`${echoUrl}/last-issued`)).json()) as { issued: string }).issued;
    expect(issued).toMatch(/^sk_live_/);
    await finding.getByRole("button", { name: "Save as a secret" }).click();

    const form = finding.getByRole("form", { name: "Save the Stripe secret key as a secret" });
    const name = form.getByLabel("Secret name");
    await expect.poll(() => name.inputValue()).toBe("stripe_secret");
    await name.fill("provisioned_key");
    await form.getByLabel("Paste the value").fill(issued);
    await form.getByRole("button", { name: "Save secret" }).click();
    await finding.getByRole("status").getByText("Saved provisioned_key.").waitFor();
    await shot(options, "options-run-finding");

    const saved = (await api.secrets.list.query()).find((s) => s.name === "provisioned_key");
    expect(saved?.version).toBe(1);
    await expectNoLeaks(options, [issued]);
    await options.close();
  });
});
