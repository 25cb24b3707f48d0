import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { PENDING_CAPTURE_TTL_MS, putPendingCapture, takePendingCapture } from "./pending-capture";

const CANARY = `sk_live_${crypto.randomUUID().replaceAll("-", "")}`;

describe("pending capture", () => {
  beforeEach(() => fakeBrowser.reset());

  it("lives in storage.session only and is gone once taken", async () => {
    await putPendingCapture(CANARY, "dashboard.stripe.com");
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(CANARY);
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain(CANARY);

    expect(await takePendingCapture()).toMatchObject({ value: CANARY, sourceHost: "dashboard.stripe.com" });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(CANARY);
    expect(await takePendingCapture()).toBeNull();
  });

  it("drops a selection nobody took in time", async () => {
    await putPendingCapture(CANARY, undefined, 1_000);
    expect(await takePendingCapture(1_000 + PENDING_CAPTURE_TTL_MS + 1)).toBeNull();
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(CANARY);
  });

  it("refuses an empty selection", async () => {
    await expect(putPendingCapture("")).rejects.toThrow();
  });
});
