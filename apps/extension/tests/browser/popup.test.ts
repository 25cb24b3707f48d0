import { findLeaks } from "@workflow-secrets/leak-oracle";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ChromeGlobal, type ExtensionBrowser, launchWithExtension } from "./chromium";
import { connectThroughPopup, shot, waitForFirstRun } from "./screens";
import { serveTokenPage } from "./token-page";

// Every wait below is a condition (locator waits, expect.poll): the popup renders after each action
// asynchronously, and on a loaded machine "right after the click" is often "before the render".
const apiUrl = inject("apiUrl");
const email = `popup-${Date.now()}@example.com`;
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

const masked = (value: string) => `${"•".repeat(12)}${value.slice(-4)}`;

describe("the popup in Chromium against the real API", () => {
  beforeAll(async () => {
    browser = await launchWithExtension(inject("extensionDir"));
    popup = await browser.open("popup.html");
    await popup.setViewportSize({ width: 380, height: 640 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up from the first-run screen", async () => {
    await waitForFirstRun(popup);
    await shot(popup, "popup-sign-in");
    await connectThroughPopup(popup, { apiUrl, email, password, button: "Create account" });
    await popup.getByText(email).waitFor();
    expect(await browser.storageDump()).not.toContain(password);
  });

  it("saves a secret from the popup with Enter, then keeps only the masked preview", async () => {
    const value = popup.getByLabel("Value", { exact: true });
    await value.fill(stripeValue);
    // Name suggested from the format, preview computed before saving.
    await expect.poll(() => popup.getByLabel("Name", { exact: true }).inputValue()).toBe("stripe_secret");
    await expect.poll(() => popup.getByTestId("draft-preview").textContent()).toBe(masked(stripeValue));
    await expect.poll(() => value.getAttribute("type")).toBe("password");
    await value.press("Enter");

    await popup.getByRole("status", { name: "Saved" }).waitFor();
    await expect.poll(() => popup.getByTestId("saved-preview").textContent()).toBe(masked(stripeValue));
    await expect.poll(() => value.inputValue()).toBe("");
    const item = popup.getByRole("listitem", { name: "stripe_secret" });
    await expect.poll(() => item.getByTestId("secret-preview").textContent()).toBe(masked(stripeValue));
    await expectNoLeaks(popup);
  });

  it("validates the name live and offers rotation for an existing one", async () => {
    const name = popup.getByLabel("Name", { exact: true });
    await name.fill("bad name");
    await popup.getByText("Use letters, digits and _ only").waitFor();
    await name.fill("stripe_secret");
    await popup.getByText('"stripe_secret" exists — rotate instead?').waitFor();
    await expect.poll(() => popup.getByRole("button", { name: "Save", exact: true }).isDisabled()).toBe(true);
    await name.fill("");
    await expect.poll(() => name.inputValue()).toBe("");
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
    await expect.poll(() => capture.getByLabel("Value", { exact: true }).inputValue()).toBe(githubValue);
    // Taken from session storage the moment the form read it.
    expect(findLeaks(await browser.storageDump(), planted)).toEqual([]);
    const save = capture.getByRole("button", { name: "Save", exact: true });
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
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
      const stripe = suggestions.getByRole("button", {
        name: /^Use Stripe secret key .* as stripe_test_secret$/,
      });
      await expect.poll(() => stripe.textContent()).toContain(masked(pageStripeValue));
      await expect
        .poll(() => suggestions.getByRole("button", { name: /as slack_bot_token$/ }).count())
        .toBe(1);
      expect(findLeaks(await scanned.content(), planted)).toEqual([]);
      await shot(scanned, "popup-suggestions");

      await stripe.click();
      // The pick reaches the form on the next render, not with the click.
      const name = scanned.getByLabel("Name", { exact: true });
      await expect.poll(() => name.inputValue()).toBe("stripe_test_secret");
      const save = scanned.getByRole("button", { name: "Save", exact: true });
      await expect.poll(() => save.isEnabled()).toBe(true);
      await save.click();
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
    await expect.poll(() => form.getByLabel("Name", { exact: true }).getAttribute("readonly")).not.toBeNull();
    await form.getByLabel("Value", { exact: true }).fill(rotatedValue);
    const save = form.getByRole("button", { name: "Save new value" });
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await form.getByText("Saved stripe_secret (v2)").waitFor();
    await item.getByText("v2", { exact: true }).waitFor();
    await shot(popup, "popup");
    await popup.emulateMedia({ colorScheme: "dark" });
    await shot(popup, "popup-dark");
    await popup.emulateMedia({ colorScheme: "light" });
    await expectNoLeaks(popup);
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
    await expect.poll(() => browser.storageDump()).not.toContain(token as string);
    const me = () => fetch(`${apiUrl}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    await expect.poll(async () => (await me()).status).toBe(401);
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
