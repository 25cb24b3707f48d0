import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { parsePrivateKeyring } from "@workflow-secrets/crypto";
import { openTrigger } from "@workflow-secrets/db";
import { expect } from "vitest";
import worker from "../src/index";
import { API_URL, type ApiClient, httpWorkflow, recordingFetch } from "./api";
import { queryRows } from "./db-dump";

/** A webhook workflow of `api`'s user: its id and the id in its URL. */
export async function webhookWorkflow(api: ApiClient, name = "On order") {
  const wf = await api.workflows.create.mutate(httpWorkflow(name, [], { type: "webhook" }));
  return { id: wf.id, webhookId: wf.webhookId as string };
}

/** `POST /hooks/<webhookId>` through the real HTTP surface. */
export function postHook(webhookId: string, init: RequestInit = {}) {
  return recordingFetch(`${API_URL}/hooks/${webhookId}`, { method: "POST", ...init });
}

/** Every message the runs Queue delivered to the probe consumer so far. */
export async function queuedMessages(): Promise<unknown[]> {
  return (await (await env.QUEUE_PROBE.fetch("http://probe/messages")).json()) as unknown[];
}

export async function expectQueued(runId: string) {
  await expect.poll(queuedMessages, { timeout: 20_000 }).toContainEqual({ runId });
}

/** The API Worker called in this isolate (no network hop), with some bindings replaced. */
export async function fetchWorker(
  request: Request,
  bindings: Record<string, unknown> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...bindings } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/**
 * The API Worker with a runs Queue whose sends fail, as the Queues service does when unavailable:
 * the local Queue never rejects a valid message, so this binding is the one stand-in.
 */
export function fetchWithUnavailableQueue(request: Request): Promise<Response> {
  const unavailable = {
    send: () => Promise.reject(new Error("Queue send failed: service unavailable")),
    sendBatch: () => Promise.reject(new Error("Queue sendBatch failed: service unavailable")),
  };
  return fetchWorker(request, { RUNS_QUEUE: unavailable });
}

/**
 * The run's trigger as the runner will open it: the `run_triggers` envelope opened with the test-only
 * private key and the run's aad. Undefined when nothing is sealed.
 */
export async function openStoredTrigger(runId: string): Promise<unknown> {
  const [row] = await queryRows<{ envelope: string; workflow_id: string; user_id: string }>(
    "SELECT t.envelope, r.workflow_id, r.user_id FROM run_triggers t JOIN runs r ON r.id = t.run_id WHERE t.run_id = ?",
    runId,
  );
  if (!row) return undefined;
  const keyring = parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS);
  return openTrigger(row.envelope, { userId: row.user_id, workflowId: row.workflow_id, runId }, keyring);
}
