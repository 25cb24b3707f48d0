import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { clearSession, readConnection, saveSession } from "./connection-client";
import { registerMessageHandlers } from "./message-handlers";
import { onMessage, sendMessage } from "./messaging";
import { putPendingCapture } from "./storage/pending-capture";

const session = { token: "wfs_token", user: { id: "usr_1", email: "a@example.com" } };

describe("messaging protocol", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    registerMessageHandlers();
  });

  it("reads and writes the connection through the background", async () => {
    expect((await readConnection()).session).toBeNull();
    const saved = await saveSession("http://127.0.0.1:8787/", session);
    expect(saved).toEqual({ serverUrl: "http://127.0.0.1:8787", session });
    expect(await readConnection()).toEqual(saved);
    expect((await clearSession()).session).toBeNull();
  });

  it("carries the background's validation errors back to the page", async () => {
    await expect(saveSession("http://127.0.0.1:8787", { ...session, token: "" })).rejects.toThrow();
  });

  it("hands the pending selection to exactly one taker", async () => {
    await putPendingCapture("xoxb-1234567890-abcdefghij", "api.slack.com");
    const [first, second] = await Promise.all([
      sendMessage("takePendingCapture", undefined),
      sendMessage("takePendingCapture", undefined).catch(() => null),
    ]);
    expect([first?.value, second?.value].filter(Boolean)).toEqual(["xoxb-1234567890-abcdefghij"]);
  });

  it("ignores messages that are not ours and stops listening when asked", async () => {
    fakeBrowser.reset();
    const stop = onMessage("getConnection", () => ({ serverUrl: "http://x", session: null }));
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    expect(await fakeBrowser.runtime.sendMessage({ hello: "world" })).toBeUndefined();
    expect((await sendMessage("getConnection", undefined)).serverUrl).toBe("http://x");
    stop();
    await expect(sendMessage("getConnection", undefined)).rejects.toThrow(/No reply/);
  });
});
