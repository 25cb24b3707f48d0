import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { expect, vi } from "vitest";

// Every run takes the screenshots; they replace the committed ones (shown in the READMEs) only when
// asked, so a test run leaves the work tree clean: UPDATE_SCREENSHOTS=1 pnpm test.
// The helpers below also run in beforeAll hooks, where expect.poll is not allowed: they use vi.waitFor.
const screenshots = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, "../../screenshots")
  : join(tmpdir(), "workflow-secrets-screenshots");

/** As long as expect.poll waits (tooling/vitest sharedTimeouts). */
const WAIT = { timeout: 30_000, interval: 50 };

export function shot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  return page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** The popup's first-run screen, before anything is typed into it. */
export async function waitForFirstRun(popup: Page): Promise<void> {
  // The form mounts once the stored connection is read; typing earlier would be overwritten.
  const server = popup.getByLabel("Server address");
  await vi.waitFor(async () => expect(await server.inputValue()).toBe("http://127.0.0.1:8787"), WAIT);
}

/** Signs in (or up) through the popup's first-run screen, as a user does, and waits until it is done. */
export async function connectThroughPopup(
  popup: Page,
  account: { apiUrl: string; email: string; password: string; button: "Sign in" | "Create account" },
): Promise<void> {
  await waitForFirstRun(popup);
  await popup.getByLabel("Server address").fill(account.apiUrl);
  await popup.getByLabel("Email").fill(account.email);
  await popup.getByLabel("Password").fill(account.password);
  const submit = popup.getByRole("button", { name: account.button, exact: true });
  await vi.waitFor(async () => expect(await submit.isEnabled()).toBe(true), WAIT);
  await submit.click();
  await popup.getByRole("form", { name: "Save a secret" }).waitFor();
}
