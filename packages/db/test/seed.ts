import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createDb } from "../src/client";
import { newId } from "../src/lifecycle/ids";
import type { RunMessage, RunsQueue } from "../src/lifecycle/run-message";
import { users, workflows } from "../src/schema";

export const db = createDb(env.DB);

/** A user with one manual workflow, the rows a run points at. */
export async function seedWorkflow() {
  const userId = newId("user");
  const workflowId = newId("workflow");
  await db.insert(users).values({ id: userId, email: `${userId}@example.test`, passwordHash: "x" });
  await db.insert(workflows).values({
    id: workflowId,
    userId,
    name: "wf",
    definition: { name: "wf", trigger: { type: "manual" }, steps: [] },
    triggerType: "manual",
    updatedAt: new Date().toISOString(),
  });
  return { userId, workflowId };
}

/** Every row of every table, as one JSON text (leak checks). */
export async function dumpDatabase(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) dump[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
  return JSON.stringify(dump);
}

/** Every message the Queue delivered to the probe consumer so far. */
export async function deliveredMessages(): Promise<RunMessage[]> {
  return (await (await env.QUEUE_PROBE.fetch("http://probe/messages")).json()) as RunMessage[];
}

/** Waits until the probe has received a message for each of `runIds`. */
export async function expectDelivered(runIds: readonly string[]) {
  await expect
    .poll(async () => new Set((await deliveredMessages()).map((m) => m.runId)), { timeout: 20_000 })
    .toSatisfy((seen: Set<string>) => runIds.every((id) => seen.has(id)));
}

/**
 * A Queue whose sends fail, as the Queues service does when it is unavailable: there is no way to
 * make the local Queue reject a valid message.
 */
export const unavailableQueue: RunsQueue = {
  send: () => Promise.reject(new Error("Queue send failed: service unavailable")),
  sendBatch: () => Promise.reject(new Error("Queue sendBatch failed: service unavailable")),
};
