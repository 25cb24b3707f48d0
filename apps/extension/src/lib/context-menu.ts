import { type Browser, browser } from "wxt/browser";
import { putPendingCapture } from "./storage/pending-capture";

export const SAVE_SELECTION_MENU_ID = "save-selection-as-secret";

export function registerContextMenu(): void {
  browser.contextMenus.create({
    id: SAVE_SELECTION_MENU_ID,
    title: "Save selection as workflow secret",
    contexts: ["selection"],
  });
}

/**
 * Parks the selection in session storage (memory only) and opens the capture form, which takes it
 * from there. The value never goes into a URL, storage.local or a log.
 */
export async function handleContextMenuClick(
  info: Browser.contextMenus.OnClickData,
  tab?: Browser.tabs.Tab,
): Promise<void> {
  if (info.menuItemId !== SAVE_SELECTION_MENU_ID) return;
  const value = info.selectionText ?? "";
  if (value.trim().length === 0) return;
  await putPendingCapture(value, hostOf(info.pageUrl ?? tab?.url));
  await openCaptureWindow();
}

async function openCaptureWindow(): Promise<void> {
  // `#capture` only tells the form to look for a pending selection; it carries no data.
  await browser.windows.create({
    url: browser.runtime.getURL("/popup.html#capture"),
    type: "popup",
    width: 400,
    height: 600,
  });
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { hostname } = new URL(url);
    return hostname || undefined;
  } catch {
    return undefined;
  }
}
