import type { Client, RouterOutputs } from "@workflow-secrets/client";
import { inject, vi } from "vitest";
import type { Inbox } from "./inbox";

export type RunDetail = RouterOutputs["runs"]["get"];

const FINISHED = new Set(["succeeded", "failed", "cancelled", "rejected"]);

/**
 * Waits until the run has finished (the Queue consumer runs it asynchronously): a condition polled with
 * vi.waitFor. The limit catches a hang, not slowness: a loaded 2-core machine makes runs slow.
 */
export function waitForRun(client: Client, runId: string, timeoutMs = 45_000): Promise<RunDetail> {
  return vi.waitFor(
    async () => {
      const run = await client.runs.get.query({ id: runId });
      if (!FINISHED.has(run.status))
        throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
      return run;
    },
    { timeout: timeoutMs, interval: 250 },
  );
}

/** What the local receivers got so far. */
export async function readInbox(): Promise<Inbox> {
  const response = await fetch(`${inject("controlUrl")}/inbox`);
  return (await response.json()) as Inbox;
}

/** Fires the runner's cron handler as the scheduler would at `time`. */
export async function tickCron(time?: Date): Promise<void> {
  const query = time ? `?time=${time.getTime()}` : "";
  const response = await fetch(`${inject("controlUrl")}/tick${query}`, { method: "POST" });
  if (!response.ok) throw new Error(`cron tick failed: ${await response.text()}`);
}
