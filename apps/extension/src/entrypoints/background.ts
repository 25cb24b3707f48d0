import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { handleContextMenuClick, registerContextMenu } from "../lib/context-menu";
import { registerMessageHandlers } from "../lib/message-handlers";

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(() => registerContextMenu());
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void handleContextMenuClick(info, tab);
  });
  registerMessageHandlers();
});
