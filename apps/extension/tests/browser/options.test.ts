import { createClient } from "@workflow-secrets/client";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ExtensionBrowser, launchWithExtension } from "./chromium";
import { connectThroughPopup, shot } from "./screens";

// Every wait below is a condition (locator waits, expect.poll): the page renders after each action
// asynchronously, and on a loaded machine "right after the click" is often "before the render".
const apiUrl = inject("apiUrl");
const echoUrl = inject("echoUrl");
const email = `options-${Date.now()}@example.com`;
const password = "correct horse battery";
const stripeValue = canary("sk_live_");
const rotatedValue = canary("sk_live_");
const githubValue = canary("ghp_");
const planted = [stripeValue, rotatedValue, githubValue];

let browser: ExtensionBrowser;

async function expectNoLeaks(page: Page): Promise<void> {
  expect(findLeaks(await page.content(), planted)).toEqual([]);
  expect(findLeaks(await browser.storageDump(), planted)).toEqual([]);
}

/** An account with a rotated and a fresh secret (made through the API), signed in through the popup. */
async function signedInWithSecrets(): Promise<void> {
  const session = await createClient({ url: apiUrl }).auth.signUp.mutate({ email, password });
  const api = createClient({ url: apiUrl, token: session.token });
  await api.secrets.create.mutate({ name: "stripe_secret", value: stripeValue });
  await api.secrets.update.mutate({ name: "stripe_secret", value: rotatedValue });
  await api.secrets.create.mutate({ name: "github_token", value: githubValue });
  const popup = await browser.open("popup.html");
  await connectThroughPopup(popup, { apiUrl, email, password, button: "Sign in" });
  await popup.close();
}

describe("the options page in Chromium against the real API", () => {
  beforeAll(async () => {
    browser = await launchWithExtension(inject("extensionDir"));
    await signedInWithSecrets();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("runs a workflow from the options page and shows only masked values", async () => {
    const options = await browser.open("options.html#workflows");
    await options.getByRole("button", { name: "New workflow" }).click();
    const definition = {
      name: "Charge customer",
      trigger: { type: "manual" },
      steps: [
        {
          id: "charge",
          type: "http",
          method: "POST",
          url: `${echoUrl}/v1/charges`,
          headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
          body: { type: "json", value: { amount: 500, token: "{{secrets.github_token}}" } },
        },
      ],
    };
    await options.getByLabel("Definition (JSON)").fill(JSON.stringify(definition, null, 2));
    await options.getByText("No problems found.").waitFor();
    await options.getByRole("button", { name: "Save workflow" }).click();
    await options.getByText("Saved Charge customer.").waitFor();
    await options.getByRole("button", { name: "Run Charge customer now" }).click();
    await options.getByRole("link", { name: "View the run" }).click();

    const run = options.getByRole("article", { name: "Run of Charge customer" });
    // Queue → runner → echo server → masked history: slow on a loaded machine, so the default wait.
    await run.locator(".status-succeeded").first().waitFor();
    const step = run.getByRole("region", { name: "Step charge" });
    for (const shown of ["[masked:stripe_secret]", "[masked:github_token]", "{{secrets.stripe_secret}}"]) {
      await expect.poll(() => step.textContent()).toContain(shown);
    }
    await shot(options, "options-runs");
    await expectNoLeaks(options);

    await options.goto(browser.pageUrl("options.html#workflows"));
    await options.getByRole("listitem", { name: "Charge customer" }).waitFor();
    await shot(options, "options-workflows");
    await options.close();
  });

  it("warns inline about missing secrets and hard-coded keys in the editor", async () => {
    const options = await browser.open("options.html#workflows");
    await options.getByRole("button", { name: "New workflow" }).click();
    const hardCoded = `sk_live_${"Ab1".repeat(9)}`;
    const text = [
      "{",
      '  "name": "Leaky",',
      '  "trigger": { "type": "manual" },',
      '  "steps": [{ "id": "a", "type": "http", "url": "https://example.com",',
      `    "headers": { "Authorization": "Bearer ${hardCoded}", "X-Other": "{{secrets.nope}}" } }]`,
      "}",
    ].join("\n");
    await options.getByLabel("Definition (JSON)").fill(text);
    const problems = options.getByRole("list", { name: "Problems" });
    await problems.getByText('no secret named "nope"').waitFor();
    await problems.getByText("Looks like a hard-coded Stripe secret key").waitFor();
    await expect.poll(() => problems.getByRole("button", { name: "Line 5" }).count()).toBe(2);
    await shot(options, "options-workflow-editor");
    await options.close();
  });

  it("deleting a used secret shows the API's warning and needs the name typed", async () => {
    const options = await browser.open("options.html#secrets");
    const item = options.getByRole("listitem", { name: "stripe_secret" });
    await item.getByText("by workflow Charge customer").waitFor();
    await shot(options, "options-secrets");
    await item.getByRole("button", { name: "Delete stripe_secret" }).click();
    await item.getByRole("button", { name: "Confirm delete" }).click();
    await item.getByRole("alert").getByText('is used by 1 workflow(s): "Charge customer"').waitFor();
    const anyway = item.getByRole("button", { name: "Delete anyway" });
    await expect.poll(() => anyway.isDisabled()).toBe(true);
    await item.getByLabel("Type stripe_secret to delete it anyway").fill("stripe_secret");
    await expect.poll(() => anyway.isEnabled()).toBe(true);
    await anyway.click();
    await item.waitFor({ state: "detached" });
    await options.close();
  });

  it("creates a token shown once, revokes it, and lists the audit trail", async () => {
    const options = await browser.open("options.html#tokens");
    await options.getByLabel("Token name").fill("deploy script");
    // "read" is checked by default; add a write scope.
    await options.getByRole("checkbox", { name: /^secrets:write: / }).check();
    const create = options.getByRole("button", { name: "Create token" });
    await expect.poll(() => create.isEnabled()).toBe(true);
    await create.click();
    const shown = options.getByLabel("New token");
    await expect.poll(async () => (await shown.inputValue()).length).toBeGreaterThan(20);
    const token = await shown.inputValue();
    await options.getByRole("button", { name: "Done" }).click();
    await shown.waitFor({ state: "detached" });
    expect(await options.content()).not.toContain(token);
    const row = options.getByRole("row", { name: /deploy script/ });
    await row.getByRole("cell", { name: "read, secrets:write" }).waitFor();
    await options.getByRole("button", { name: "Revoke deploy script" }).click();
    await options.getByRole("button", { name: "Revoke deploy script" }).waitFor({ state: "detached" });
    await shot(options, "options-tokens");

    await options.goto(browser.pageUrl("options.html#audit"));
    for (const action of [
      "secret.rotated",
      "secret.created",
      "secret.deleted",
      "secret.used",
      "token.created",
      "token.revoked",
      "workflow.created",
    ]) {
      await options.getByRole("cell", { name: action }).first().waitFor();
    }
    // In words, naming what each event is about.
    await options.getByRole("cell", { name: "Token revoked token.revoked" }).first().waitFor();
    await options.getByRole("cell", { name: 'token "deploy script"' }).first().waitFor();
    await options
      .getByRole("cell", { name: /^workflow ".+" \(definition sha256 [0-9a-f]{12}…\)$/ })
      .first()
      .waitFor();
    await shot(options, "options-audit");
    await expectNoLeaks(options);
    await options.close();
  });

  it("shows the account's history retention and saves a new one", async () => {
    const options = await browser.open("options.html#settings");
    const runs = options.getByLabel("Keep finished runs for (days, 1-365)");
    await expect.poll(() => runs.inputValue()).toBe("30");
    expect(await options.getByLabel("Keep audit events for (days, 30-3650)").inputValue()).toBe("365");
    await runs.fill("7");
    await options.getByRole("button", { name: "Save retention" }).click();
    await options.getByRole("status").getByText("Saved.").waitFor();
    const session = await createClient({ url: apiUrl }).auth.signIn.mutate({ email, password });
    const settings = await createClient({ url: apiUrl, token: session.token }).settings.get.query();
    expect(settings).toEqual({ runRetentionDays: 7, auditRetentionDays: 365 });
    await options.reload();
    await expect
      .poll(() => options.getByLabel("Keep finished runs for (days, 1-365)").inputValue())
      .toBe("7");
    await shot(options, "options-settings");
    await options.close();
  });
});
