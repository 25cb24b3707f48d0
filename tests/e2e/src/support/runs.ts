import type { Client, RouterOutputs } from "@workflow-secrets/client";
import { inject } from "vitest";
import type { Inbox } from "./inbox";

export type RunDetail = RouterOutputs["runs"]["get"];

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

/** Polls runs.get until the run has finished (the Queue consumer runs it asynchronously). */
export async function waitForRun(client: Client, runId: string, timeoutMs = 45_000): Promise<RunDetail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await client.runs.get.query({ id: runId });
    if (FINISHED.has(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
