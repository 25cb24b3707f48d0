import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleContextMenuClick, registerContextMenu, SAVE_SELECTION_MENU_ID } from "./context-menu";
import { takePendingCapture } from "./storage/pending-capture";

const CANARY = `ghp_${crypto.randomUUID().replaceAll("-", "")}abcd`;

describe("context menu", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it("registers one item, for selections only", () => {
    // fakeBrowser has no contextMenus implementation; record what we ask the browser for.
    const create = vi.fn();
    fakeBrowser.contextMenus.create = create as typeof fakeBrowser.contextMenus.create;
    registerContextMenu();
    expect(create).toHaveBeenCalledWith({
      id: SAVE_SELECTION_MENU_ID,
      title: "Save selection as workflow secret",
      contexts: ["selection"],
    });
  });

  it("parks the selection in session memory and opens the form without the value in the URL", async () => {
    const openWindow = vi.spyOn(fakeBrowser.windows, "create");
    await handleContextMenuClick(
      {
        menuItemId: SAVE_SELECTION_MENU_ID,
        selectionText: CANARY,
        pageUrl: "https://github.com/settings/tokens",
        editable: false,
      },
      undefined,
    );
    expect(openWindow).toHaveBeenCalledTimes(1);
    const url = String(openWindow.mock.calls[0]?.[0]?.url);
    expect(url).toBe("chrome-extension://test-extension-id/popup.html#capture");
    expect(url).not.toContain(CANARY.slice(4, 20));
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(CANARY);
    expect(await takePendingCapture()).toMatchObject({ value: CANARY, sourceHost: "github.com" });
  });

  it("ignores other menu items and empty selections", async () => {
    const openWindow = vi.spyOn(fakeBrowser.windows, "create");
    await handleContextMenuClick({ menuItemId: "other", selectionText: CANARY, editable: false });
    await handleContextMenuClick({
      menuItemId: SAVE_SELECTION_MENU_ID,
      selectionText: "   ",
      editable: false,
    });
    expect(openWindow).not.toHaveBeenCalled();
    expect(await takePendingCapture()).toBeNull();
  });
});
