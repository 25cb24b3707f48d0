import { queueRun, workflows } from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { loadConfig } from "../env";
import type { HonoEnv } from "../hono-env";
import { loadUsageLimits } from "../limits/usage-limits";
import { init } from "../middleware/init";
import { logServerError } from "../middleware/log-server-error";
import { MAX_WEBHOOK_BODY_BYTES, readLimitedBody } from "./read-limited-body";
import { checkWebhookRate, WEBHOOK_RATE_PERIOD_SECONDS } from "./webhook-rate-limit";
import { toWebhookTrigger, WebhookBodyError } from "./webhook-trigger";

const WEBHOOK_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** Where failures are logged: not the request path, which holds the webhook id (a capability). */
const LOG_WHERE = "POST /hooks/:webhookId";

/**
 * `POST /hooks/<webhookId>`: queues a run of the enabled webhook workflow with the request as its
 * trigger (sealed to the runner's key, see queueRun) and answers 202 `{ runId }`. Every other id (unknown, disabled, not a webhook workflow)
 * gets the app's bare 404, so ids cannot be probed. The body is read first, counted as it is read
 * (over 1 MiB is 413 whatever the id). A failed Queue send answers 503 and says to try again.
 * Beyond the per-webhook or per-user rate, the workflow's cap on queued runs or the owner's hourly
 * quota: 429 with `Retry-After`, and nothing is queued.
 */
export const hooks = new Hono<HonoEnv>().post("/:webhookId", init(), async (c) => {
  const webhookId = c.req.param("webhookId");
  try {
    // Read (bounded) before answering anything, even a 404: under `wrangler dev` a request body left
    // unread makes the next request to the Worker fail (the e2e suite checks this).
    const body = await readLimitedBody(c.req.raw, MAX_WEBHOOK_BODY_BYTES);
    if (body === "too-large") return c.json({ error: "payload too large (limit 1 MiB)" }, 413);
    if (!WEBHOOK_ID_PATTERN.test(webhookId)) return c.notFound();

    const config = await loadConfig(c.env);
    const db = c.get("db");
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
    if (!workflow) return c.notFound();

    const rate = await checkWebhookRate(c.env, webhookId, workflow.userId);
    if (!rate.allowed) {
      c.header("Retry-After", String(WEBHOOK_RATE_PERIOD_SECONDS));
      const whose = rate.scope === "webhook" ? "this webhook" : "the webhooks of this account";
      return c.json(
        {
          error: `too many deliveries to ${whose}; nothing was queued, retry after ${WEBHOOK_RATE_PERIOD_SECONDS} s`,
        },
        429,
      );
    }

    // Sealed to the runner's key, never stored as sent: a shared-token header or a body can carry a
    // vault secret's value, and the API cannot mask by value. The runner stores a masked copy.
    const queued = await queueRun(db, config.RUNS_QUEUE, {
      workflowId: workflow.id,
      userId: workflow.userId,
      triggerType: "webhook",
      triggerInput: toWebhookTrigger(c.req.raw.headers, body),
      sealingKey: config.sealingKey,
      limits: loadUsageLimits(c.env),
    });
    if (queued.status === "limited") {
      c.header("Retry-After", String(queued.retryAfterSeconds));
      return c.json({ error: queued.message }, 429);
    }
    if (queued.status === "too-large") return c.json({ error: `payload too large: ${queued.message}` }, 413);
    if (queued.status === "not-queued") {
      logServerError(LOG_WHERE, queued.error, c.get("requestId"));
      return c.json({ error: queued.message }, 503);
    }
    return c.json({ runId: queued.runId }, 202);
  } catch (error) {
    if (error instanceof WebhookBodyError) return c.json({ error: error.message }, 400);
    // logServerError keeps only the error's name: a database error can quote the query's
    // parameters, which here are the caller's headers and body.
    logServerError(LOG_WHERE, error, c.get("requestId"));
    return c.json({ error: "internal error" }, 500);
  }
});
