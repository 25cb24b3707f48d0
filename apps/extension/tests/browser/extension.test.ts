import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ChromeGlobal, type ExtensionBrowser, launchWithExtension } from "./chromium";
import { serveTokenPage } from "./token-page";

// Every run takes the screenshots; they replace the committed ones (shown in the READMEs) only when
// asked, so a test run leaves the work tree clean: UPDATE_SCREENSHOTS=1 pnpm test.
const screenshots = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, "../../screenshots")
  : join(tmpdir(), "workflow-secrets-screenshots");
const apiUrl = inject("apiUrl");
const echoUrl = inject("echoUrl");
const email = `browser-${Date.now()}@example.com`;
const password = "correct horse battery";
const stripeValue = canary("sk_live_");
const rotatedValue = canary("sk_live_");
const githubValue = canary("ghp_");
const pageStripeValue = canary("sk_live_").replace("sk_live_", "sk_test_");
const pageSlackValue = `xoxb-1234-5678-${canary("ghp_").slice(4, 28)}`;
const planted = [stripeValue, rotatedValue, githubValue, pageStripeValue, pageSlackValue];

let browser: ExtensionBrowser;
let popup: Page;

async function expectNoLeaks(page: Page): Promise<void> {
  expect(findLeaks(await page.content(), planted)).toEqual([]);
  expect(findLeaks(await browser.storageDump(), planted)).toEqual([]);
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

describe("extension in Chromium against the real API", () => {
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchWithExtension(inject("extensionDir"));
    popup = await browser.open("popup.html");
    await popup.setViewportSize({ width: 380, height: 640 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up from the first-run screen", async () => {
    await expect.poll(() => popup.getByLabel("Server address").inputValue()).toBe("http://127.0.0.1:8787");
    await shot(popup, "popup-sign-in");
    await popup.getByLabel("Server address").fill(apiUrl);
    await popup.getByLabel("Email").fill(email);
    await popup.getByLabel("Password").fill(password);
    await popup.getByRole("button", { name: "Create account" }).click();
    await popup.getByRole("form", { name: "Save a secret" }).waitFor();
    expect(await popup.getByText(email).isVisible()).toBe(true);
    expect(await browser.storageDump()).not.toContain(password);
  });

  it("saves a secret from the popup with Enter, then keeps only the masked preview", async () => {
    await popup.getByLabel("Value", { exact: true }).fill(stripeValue);
    // Name suggested from the format, preview computed before saving.
    expect(await popup.getByLabel("Name", { exact: true }).inputValue()).toBe("stripe_secret");
    const preview = `${stripeValue.slice(0, 4)}••••••••${stripeValue.slice(-4)}`;
    expect(await popup.getByTestId("draft-preview").textContent()).toBe(preview);
    expect(await popup.getByLabel("Value", { exact: true }).getAttribute("type")).toBe("password");
    await popup.getByLabel("Value", { exact: true }).press("Enter");

    await popup.getByRole("status", { name: "Saved" }).waitFor();
    expect(await popup.getByTestId("saved-preview").textContent()).toBe(preview);
    expect(await popup.getByLabel("Value", { exact: true }).inputValue()).toBe("");
    const item = popup.getByRole("listitem", { name: "stripe_secret" });
    await item.waitFor();
    expect(await item.getByTestId("secret-preview").textContent()).toBe(preview);
    await expectNoLeaks(popup);
  });

  it("validates the name live and offers rotation for an existing one", async () => {
    await popup.getByLabel("Name", { exact: true }).fill("bad name");
    await popup.getByText("Use letters, digits and _ only").waitFor();
    await popup.getByLabel("Name", { exact: true }).fill("stripe_secret");
    await popup.getByText('"stripe_secret" exists — rotate instead?').waitFor();
    expect(await popup.getByRole("button", { name: "Save", exact: true }).isDisabled()).toBe(true);
    await popup.getByLabel("Name", { exact: true }).fill("");
  });

  it("saves a selection through the context menu without it touching a URL or storage.local", async () => {
    const opened = browser.context.waitForEvent("page");
    await browser.worker.evaluate(
      ([value]) => {
        const { chrome } = globalThis as unknown as ChromeGlobal;
        chrome.contextMenus.onClicked.dispatch(
          {
            menuItemId: "save-selection-as-secret",
            selectionText: value,
            pageUrl: "https://github.com/settings/tokens",
          },
          undefined,
        );
      },
      [githubValue],
    );
    const capture = await opened;
    await capture.waitForLoadState();
    expect(capture.url()).toBe(browser.pageUrl("popup.html#capture"));
    await expect.poll(() => capture.getByLabel("Name", { exact: true }).inputValue()).toBe("github_token");
    expect(await capture.getByLabel("Value", { exact: true }).inputValue()).toBe(githubValue);
    // Taken from session storage the moment the form read it.
    expect(findLeaks(await browser.storageDump(), planted)).toEqual([]);
    await capture.getByRole("button", { name: "Save", exact: true }).click();
    await capture.getByRole("status", { name: "Saved" }).waitFor();
    await capture.getByRole("listitem", { name: "github_token" }).waitFor();
    await expectNoLeaks(capture);
    await capture.close();
  });

  it("offers tokens shown on the current page as masked one-click suggestions", async () => {
    const site = await serveTokenPage({ text: pageStripeValue, input: pageSlackValue });
    try {
      const tab = await browser.context.newPage();
      await tab.goto(site.url);
      // The toolbar popup cannot be clicked headless: open the same page in its own small window.
      const opened = browser.context.waitForEvent("page");
      await browser.worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as ChromeGlobal;
        await chrome.windows.create({ type: "popup", url: chrome.runtime.getURL("popup.html") });
      });
      const scanned = await opened;
      await scanned.setViewportSize({ width: 380, height: 640 });
      const suggestions = scanned.getByRole("region", { name: "Found on this page" });
      await suggestions.waitFor();
      const stripe = suggestions.getByRole("button", {
        name: /^Use Stripe secret key .* as stripe_test_secret$/,
      });
      expect(await stripe.textContent()).toContain(
        `${pageStripeValue.slice(0, 4)}••••••••${pageStripeValue.slice(-4)}`,
      );
      expect(await suggestions.getByRole("button", { name: /as slack_bot_token$/ }).count()).toBe(1);
      expect(findLeaks(await scanned.content(), planted)).toEqual([]);
      await shot(scanned, "popup-suggestions");

      await stripe.click();
      expect(await scanned.getByLabel("Name", { exact: true }).inputValue()).toBe("stripe_test_secret");
      await scanned.getByRole("button", { name: "Save", exact: true }).click();
      await scanned.getByRole("listitem", { name: "stripe_test_secret" }).waitFor();
      await expectNoLeaks(scanned);
      await scanned.close();
      await tab.close();
    } finally {
      await site.close();
    }
  });

  it("rotates a secret with the name locked", async () => {
    await popup.reload();
    const item = popup.getByRole("listitem", { name: "stripe_secret" });
    await item.getByRole("button", { name: "Rotate stripe_secret" }).click();
    const form = popup.getByRole("form", { name: "Rotate stripe_secret" });
    expect(await form.getByLabel("Name", { exact: true }).getAttribute("readonly")).not.toBeNull();
    await form.getByLabel("Value", { exact: true }).fill(rotatedValue);
    await form.getByRole("button", { name: "Save new value" }).click();
    await form.getByText("Saved stripe_secret (v2)").waitFor();
    await item.getByText("v2", { exact: true }).waitFor();
    await shot(popup, "popup");
    await popup.emulateMedia({ colorScheme: "dark" });
    await shot(popup, "popup-dark");
    await popup.emulateMedia({ colorScheme: "light" });
    await expectNoLeaks(popup);
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
    await run.locator(".status-succeeded").first().waitFor({ timeout: 30_000 });
    const response = await run.getByRole("region", { name: "Step charge" }).textContent();
    expect(response).toContain("[masked:stripe_secret]");
    expect(response).toContain("[masked:github_token]");
    expect(response).toContain("{{secrets.stripe_secret}}");
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
    expect(await problems.getByRole("button", { name: "Line 5" }).count()).toBe(2);
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
    expect(await anyway.isDisabled()).toBe(true);
    await item.getByLabel("Type stripe_secret to delete it anyway").fill("stripe_secret");
    await anyway.click();
    await item.waitFor({ state: "detached" });
    await options.close();
  });

  it("creates a token shown once, revokes it, and lists the audit trail", async () => {
    const options = await browser.open("options.html#tokens");
    await options.getByLabel("Token name").fill("deploy script");
    await options.getByRole("button", { name: "Create token" }).click();
    const token = await options.getByLabel("New token").inputValue();
    expect(token.length).toBeGreaterThan(20);
    await options.getByRole("button", { name: "Done" }).click();
    expect(await options.content()).not.toContain(token);
    await options.getByRole("button", { name: "Revoke deploy script" }).click();
    await options.getByRole("button", { name: "Revoke deploy script" }).waitFor({ state: "detached" });
    await shot(options, "options-tokens");

    await options.goto(browser.pageUrl("options.html#audit"));
    await options.getByRole("cell", { name: "secret.rotated" }).waitFor();
    for (const action of ["secret.created", "secret.deleted", "secret.used"]) {
      expect(await options.getByRole("cell", { name: action }).count()).toBeGreaterThan(0);
    }
    await shot(options, "options-audit");
    await expectNoLeaks(options);
    await options.close();
  });

  it("signs out and revokes the session on the server", async () => {
    const stored = JSON.parse(await browser.storageDump()) as [
      { connection?: { session?: { token: string } } },
    ];
    const token = stored[0].connection?.session?.token;
    expect(token).toBeTruthy();
    await popup.reload();
    await popup.getByRole("button", { name: "Sign out" }).click();
    await popup.getByRole("form", { name: "Sign in" }).waitFor();
    expect(await browser.storageDump()).not.toContain(token as string);
    const me = await fetch(`${apiUrl}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it("signs back in, and a wrong password says what to do", async () => {
    await popup.getByLabel("Email").fill(email);
    await popup.getByLabel("Password").fill("not the password");
    await popup.getByRole("button", { name: "Sign in" }).click();
    await popup
      .getByRole("alert")
      .getByText("Email or password is incorrect. Try again, or create an account.")
      .waitFor();
    await popup.getByLabel("Password").fill(password);
    await popup.getByLabel("Password").press("Enter");
    await popup.getByRole("listitem", { name: "github_token" }).waitFor();
    await expectNoLeaks(popup);
  });
});
