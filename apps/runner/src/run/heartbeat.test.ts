import { runs } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { db, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { createMaskedLogger } from "../log/masked-logger";
import { keepHeartbeat } from "./heartbeat";

const quiet = createMaskedLogger({ mask: (t) => t }, {}, () => {});
const heartbeatOf = async (runId: string) =>
  (await db.select({ at: runs.heartbeatAt }).from(runs).where(eq(runs.id, runId)).get())?.at ?? null;

describe("run heartbeat", () => {
  it("moves with every stored step: a finished run's heartbeat is at or after its last step started", async () => {
    const user = await seedUser();
    const wf = await seedWorkflow(user, {
      name: "beats",
      trigger: { type: "manual" },
      steps: [
        { id: "a", type: "script", code: "return 1" },
        { id: "b", type: "script", code: "return 2" },
      ],
    });
    const runId = await queueRun(wf.id, user);
    expect(await heartbeatOf(runId)).toBeNull();
    await deliverRun(runId);
    const row = await db.select().from(runs).where(eq(runs.id, runId)).get();
    expect(row?.status).toBe("succeeded");
    expect(row?.heartbeatAt).not.toBeNull();
    expect((row?.heartbeatAt ?? "") >= (row?.startedAt ?? "z")).toBe(true);
  });

  it("beats on its own while a step is in flight, and stops when told", async () => {
    const user = await seedUser();
    const wf = await seedWorkflow(user, {
      name: "long step",
      trigger: { type: "manual" },
      steps: [{ id: "a", type: "script", code: "return 1" }],
    });
    const runId = await queueRun(wf.id, user);
    const old = new Date(Date.now() - 600_000).toISOString();
    await db.update(runs).set({ status: "running", heartbeatAt: old }).where(eq(runs.id, runId));
    const other = await queueRun(wf.id, user);
    await db.update(runs).set({ status: "running", heartbeatAt: old }).where(eq(runs.id, other));
    const beat = keepHeartbeat(db, runId, quiet, 50);
    await vi.waitFor(async () => expect(await heartbeatOf(runId)).not.toBe(old), { timeout: 20_000 });
    beat.stop();
    const stopped = await heartbeatOf(runId);
    // A clock that keeps beating shows time passing: once it has beaten twice after the stop, the
    // stopped one would have beaten too.
    const clock = keepHeartbeat(db, other, quiet, 50);
    let seen = new Set<string | null>();
    await vi.waitFor(
      async () => {
        seen = seen.add(await heartbeatOf(other));
        expect(seen.size).toBeGreaterThanOrEqual(3);
      },
      { timeout: 20_000, interval: 20 },
    );
    clock.stop();
    expect(await heartbeatOf(runId)).toBe(stopped);
  });
});
