import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../src/index";
import { API_URL, type ApiClient, httpWorkflow, recordingFetch } from "./api";

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
