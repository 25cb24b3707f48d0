/**
 * The `period` of both webhook rate limits in wrangler.jsonc (the binding's own setting, 10 or 60
 * seconds): a refused delivery is told to come back after it.
 */
export const WEBHOOK_RATE_PERIOD_SECONDS = 10;

type RateLimiter = { limit(options: { key: string }): Promise<{ success: boolean }> };

export type WebhookRateDecision = { allowed: true } | { allowed: false; scope: "webhook" | "user" };

/**
 * Counts a delivery against the webhook's own limit and its owner's limit (Cloudflare's Rate Limiting
 * binding, counted per location). The webhook is counted first: a flood at one webhook is refused
 * before it eats into the owner's other webhooks.
 */
export async function checkWebhookRate(
  env: { WEBHOOK_RATE_LIMIT: RateLimiter; USER_WEBHOOK_RATE_LIMIT: RateLimiter },
  webhookId: string,
  userId: string,
): Promise<WebhookRateDecision> {
  if (!(await env.WEBHOOK_RATE_LIMIT.limit({ key: webhookId })).success)
    return { allowed: false, scope: "webhook" };
  if (!(await env.USER_WEBHOOK_RATE_LIMIT.limit({ key: userId })).success)
    return { allowed: false, scope: "user" };
  return { allowed: true };
}
