import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl } from "../../test/worker/servers";

describe("a secret over the masker's 16 KiB cap", () => {
  it("fails the run before any step fires, naming the secret and the limit, never the value", async () => {
    const user = await seedUser();
    // Saved before the API lowered its cap from 64 KiB: the masker cannot mask it.
    const value = `big-${"Zx81Qp02Lm93Nk74".repeat(1100)}`;
    await putSecret(user, "legacy_bundle", value);
    const wf = await seedWorkflow(user, {
      name: "oversized",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          method: "POST",
          url: `${echoUrl}/reflect`,
          body: { type: "text", value: "{{secrets.legacy_bundle}}" },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/^secret "legacy_bundle" is larger than 16 KiB \(16384 bytes of UTF-8\)/);
    expect(view.steps).toEqual([]);
    expect(JSON.stringify(view)).not.toContain("Zx81Qp02Lm93");
  });
});
