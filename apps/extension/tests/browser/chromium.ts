import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page, type Worker } from "playwright-core";

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's service worker (the background entrypoint). */
  worker: Worker;
  extensionId: string;
  pageUrl(path: string): string;
  open(path: string): Promise<Page>;
  /** Everything in chrome.storage.local and chrome.storage.session, as JSON text. */
  storageDump(): Promise<string>;
  close(): Promise<void>;
}

/** Debian's chromium, headless (new mode, which runs extensions), with only our extension loaded. */
export async function launchWithExtension(extensionDir: string): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "wfs-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: false,
    viewport: { width: 1100, height: 760 },
    args: [
      "--headless=new",
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Generous waits: the machine is shared, and a loaded PBKDF2 sign-up can take many seconds.
  context.setDefaultTimeout(45_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(worker.url()).host;
  const pageUrl = (path: string) => `chrome-extension://${extensionId}/${path}`;
  return {
    context,
    worker,
    extensionId,
    pageUrl,
    async open(path) {
      const page = await context.newPage();
      await page.goto(pageUrl(path));
      return page;
    },
    storageDump: () =>
      worker.evaluate(async () => {
        const { chrome } = globalThis as unknown as ChromeGlobal;
        return JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]);
      }),
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The slice of the extension API the tests touch from inside the service worker. */
export interface ChromeGlobal {
  chrome: {
    storage: Record<"local" | "session", { get(keys: null): Promise<Record<string, unknown>> }>;
    contextMenus: { onClicked: { dispatch(info: unknown, tab?: unknown): void } };
    runtime: { getURL(path: string): string };
    windows: { create(options: { type: "popup"; url: string }): Promise<unknown> };
  };
}
