import { createDb, runs, workflows } from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import type { Logger } from "../log/masked-logger";
import { enqueueRun } from "../queue/run-message";
import { MAX_WEBHOOK_BODY_BYTES, readLimitedBody } from "./read-limited-body";
import { toWebhookTrigger } from "./webhook-trigger";

const WEBHOOK_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * `POST /hooks/<webhookId>`, forwarded unchanged by the API. Queues a run of the enabled webhook
 * workflow with the request as its trigger and answers 202 `{ runId }`. Every other id (unknown,
 * disabled, not a webhook workflow) gets the same bare 404, so ids cannot be probed.
 */
export async function acceptWebhook(request: Request, env: Env, webhookId: string, logger: Logger) {
  const notFound = json(404, { error: "not found" });
  if (!WEBHOOK_ID_PATTERN.test(webhookId)) return notFound;

  const db = createDb(env.DB);
  const workflow = await db
    .select({ id: workflows.id, userId: workflows.userId })
    .from(workflows)
    .where(
      and(
        eq(workflows.webhookId, webhookId),
        eq(workflows.enabled, true),
        eq(workflows.triggerType, "webhook"),
      ),
    )
    .get();
  if (!workflow) return notFound;

  const body = await readLimitedBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === "too-large") return json(413, { error: "payload too large (limit 1 MiB)" });

  const runId = crypto.randomUUID();
  await db.insert(runs).values({
    id: runId,
    workflowId: workflow.id,
    userId: workflow.userId,
    triggerType: "webhook",
    triggerInput: toWebhookTrigger(request.headers, body),
    status: "queued",
    createdAt: new Date().toISOString(),
  });
  const queued = await enqueueRun(env, db, runId, logger);
  if (!queued) return json(503, { error: "the run could not be queued; try again" });
  logger.info("webhook run queued", { runId, workflowId: workflow.id });
  return json(202, { runId });
}
