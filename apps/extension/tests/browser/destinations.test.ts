import { randomBytes } from "node:crypto";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { canary } from "./canaries";
import { type ChromeGlobal, type ExtensionBrowser, launchWithExtension } from "./chromium";
import { connectThroughPopup, shot } from "./screens";

// Every wait is a condition (locator waits, expect.poll): renders follow actions asynchronously.
const apiUrl = inject("apiUrl");
const email = `destinations-${Date.now()}@example.com`;
const password = "correct horse battery";
const stripeValue = canary("sk_live_");
const rotatedValue = canary("sk_live_");
const mailgunValue = `key-${randomBytes(16).toString("hex")}`;
const anywhereValue = `opaque-${randomBytes(16).toString("hex")}`;
const planted = [stripeValue, rotatedValue, mailgunValue, anywhereValue];

let browser: ExtensionBrowser;
let popup: Page;

const chips = (page: Page, item: string) =>
  page.getByRole("listitem", { name: item }).getByTestId("secret-destinations").textContent();

describe("destinations in Chromium against the real API: suggested, listed, sealed with the value", () => {
  beforeAll(async () => {
    browser = await launchWithExtension(inject("extensionDir"));
    popup = await browser.open("popup.html");
    await popup.setViewportSize({ width: 380, height: 760 });
    await connectThroughPopup(popup, { apiUrl, email, password, button: "Create account" });
  });
  afterAll(async () => {
    if (popup) expect(findLeaks(await popup.content(), planted)).toEqual([]);
    if (browser) expect(findLeaks(await browser.storageDump(), planted)).toEqual([]);
    await browser?.close();
  });

  it("suggests the destination from the token's shape, saves it sealed, and lists it", async () => {
    await popup.getByLabel("Value", { exact: true }).fill(stripeValue);
    const form = popup.getByRole("form", { name: "Save a secret" });
    await expect
      .poll(() => form.getByTestId("destination-chips").textContent())
      .toContain("https://api.stripe.com");
    await popup.getByText("Suggested: Stripe secret keys are used at this address.").waitFor();
    await expect.poll(() => popup.getByLabel("Scripts may read it").isChecked()).toBe(false);
    await shot(popup, "popup-destinations");
    await popup.getByRole("button", { name: "Save", exact: true }).click();
    await popup.getByRole("status", { name: "Saved" }).waitFor();
    await expect
      .poll(() => popup.getByTestId("saved-destinations").textContent())
      .toBe("May be sent to https://api.stripe.com");
    await expect.poll(() => chips(popup, "stripe_secret")).toBe("https://api.stripe.com");
  });

  it("suggests from the page a value was captured on (context menu on app.mailgun.com)", async () => {
    const opened = browser.context.waitForEvent("page");
    await browser.worker.evaluate(
      ([value]) => {
        const { chrome } = globalThis as unknown as ChromeGlobal;
        chrome.contextMenus.onClicked.dispatch(
          {
            menuItemId: "save-selection-as-secret",
            selectionText: value,
            pageUrl: "https://app.mailgun.com/settings/api",
          },
          undefined,
        );
      },
      [mailgunValue],
    );
    const capture = await opened;
    await capture.waitForLoadState();
    await expect
      .poll(() => capture.getByTestId("destination-chips").textContent())
      .toContain("*.mailgun.com");
    await capture.getByText("Suggested: captured on app.mailgun.com.").waitFor();
    await capture.getByRole("button", { name: "Save", exact: true }).click();
    await capture.getByRole("status", { name: "Saved" }).waitFor();
    await expect.poll(() => chips(capture, "mailgun_key")).toBe("*.mailgun.com");
    expect(findLeaks(await capture.content(), planted)).toEqual([]);
    await capture.close();
  });

  it("labels a secret saved for anywhere as unrestricted", async () => {
    await popup.reload();
    await popup.getByLabel("Value", { exact: true }).fill(anywhereValue);
    await popup.getByLabel("Name", { exact: true }).fill("anything_goes");
    await popup.getByLabel("Anywhere (unrestricted)").check();
    await popup
      .getByText("Unrestricted: a stolen token or a changed workflow could send it anywhere.")
      .waitFor();
    await popup.getByRole("button", { name: "Save", exact: true }).click();
    await popup.getByRole("status", { name: "Saved" }).waitFor();
    await expect.poll(() => chips(popup, "anything_goes")).toBe("Unrestricted");
    await expect.poll(() => chips(popup, "stripe_secret")).toBe("https://api.stripe.com");
  });

  it("changing destinations asks for the value again, and says why", async () => {
    await popup.getByRole("button", { name: "Change destinations of stripe_secret" }).click();
    const rotate = popup.getByRole("form", { name: "Rotate stripe_secret" });
    await rotate
      .getByText("Destinations are sealed with the value: changing them needs the value again.")
      .waitFor();
    await expect
      .poll(() => rotate.getByTestId("destination-chips").textContent())
      .toContain("https://api.stripe.com");
    await rotate.getByRole("button", { name: "Remove https://api.stripe.com" }).click();
    await rotate.getByLabel("Add destination").fill("https://api.stripe.com/v1/");
    await rotate.getByRole("button", { name: "Add", exact: true }).click();
    await expect
      .poll(() => rotate.getByTestId("destination-chips").textContent())
      .toContain("https://api.stripe.com/v1");
    // No value, no save: the new destinations can only be sealed with the value.
    const save = rotate.getByRole("button", { name: "Save new value" });
    await expect.poll(() => save.isDisabled()).toBe(true);
    await rotate.getByLabel("Value", { exact: true }).fill(rotatedValue);
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await rotate.getByRole("status", { name: "Saved" }).waitFor();
    await popup.getByRole("button", { name: "Close" }).click();
    await expect.poll(() => chips(popup, "stripe_secret")).toBe("https://api.stripe.com/v1");
  });

  it("explains a destination it cannot accept, without sending anything", async () => {
    await popup.getByLabel("Value", { exact: true }).fill(canary("ghp_"));
    await popup.getByLabel("Add destination").fill("http://evil.example");
    await popup.getByRole("button", { name: "Add", exact: true }).click();
    await popup.getByText("plain http:// is only for 127.0.0.1 and localhost; use https://").waitFor();
    await popup.getByLabel("Value", { exact: true }).fill("");
  });
});
