import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import runner from "../../src/index";

const worker: ExportedHandler<Env> = runner;

/**
 * Delivers `{ runId }` to the runner's queue handler, as the Queue would (attempts > 1 = redelivery).
 * `vars` replaces some of the runner's variables for this delivery (e.g. ALLOW_PRIVATE_NETWORK).
 */
export async function deliverRun(runId: string, attempts = 1, vars: Record<string, string> = {}) {
  const batch = createMessageBatch("workflow-secrets-runs", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts, body: { runId } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue?.(batch, { ...env, ...vars } as Env, ctx);
  return getQueueResult(batch, ctx);
}
