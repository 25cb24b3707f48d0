import { env } from "cloudflare:workers";
import { runs } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { createMaskedLogger } from "../log/masked-logger";
import { requeueStaleRuns, STALE_AFTER_MS } from "./requeue-stale-runs";

const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});

describe("cron: requeueStaleRuns", () => {
  it("re-sends a run left queued past the threshold; the real consumer then runs it", async () => {
    const user = await seedUser();
    const wf = await seedWorkflow(user, {
      name: "lost",
      trigger: { type: "manual" },
      steps: [{ id: "a", type: "script", code: "return 1" }],
    });
    const lost = await queueRun(wf.id, user);
    const fresh = await queueRun(wf.id, user);
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000).toISOString();
    await db.update(runs).set({ createdAt: old }).where(eq(runs.id, lost));

    const resent = await requeueStaleRuns(env, new Date(), quiet);
    expect(resent).toContain(lost);
    expect(resent).not.toContain(fresh);
    await vi.waitFor(
      async () => {
        const row = await db.select().from(runs).where(eq(runs.id, lost)).get();
        expect(row?.status).toBe("succeeded");
      },
      { timeout: 45_000, interval: 50 },
    );
  });
});
