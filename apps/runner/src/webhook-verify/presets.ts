import type { WebhookVerify } from "@workflow-secrets/templating";
import { Webhook } from "standardwebhooks";
import { fromBase64, fromHex, hmacSha256Matches } from "./hmac";

export interface Delivery {
  /** The exact request body as received. */
  rawBody: string;
  /** Header names in lowercase. */
  headers: Readonly<Record<string, string>>;
  /** The signing key (the opened secret). */
  key: string;
  /** When the API received the delivery, in Unix seconds: timestamps are judged against it. */
  receivedAt: number;
}

/** Accepted: the id that identifies this delivery for replay detection. Refused: why, in fixed words. */
export type Verdict = { ok: true; deliveryId: string } | { ok: false; reason: string };

export const DEFAULT_TOLERANCE_SECONDS = 300;

const refused = (reason: string): Verdict => ({ ok: false, reason });
const NO_MATCH = "the signature does not match the body";

function checkTimestamp(seconds: number, delivery: Delivery, toleranceSeconds: number): Verdict | undefined {
  if (!Number.isSafeInteger(seconds)) return refused("the signed timestamp is missing or not a number");
  if (Math.abs(delivery.receivedAt - seconds) > toleranceSeconds) {
    return refused(`the signed timestamp is more than ${toleranceSeconds} s away from when it was received`);
  }
  return undefined;
}

/** `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]` over `<t>.<body>`, keyed by the endpoint secret. */
async function stripe(delivery: Delivery, toleranceSeconds: number): Promise<Verdict> {
  const header = delivery.headers["stripe-signature"];
  if (!header) return refused("the Stripe-Signature header is missing");
  const parts = header.split(",").map((part) => part.trim().split("=", 2) as [string, string?]);
  const t = parts.find(([k]) => k === "t")?.[1] ?? "";
  const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => v ?? "");
  const late = checkTimestamp(/^\d{1,12}$/.test(t) ? Number(t) : Number.NaN, delivery, toleranceSeconds);
  if (late) return late;
  for (const signature of signatures) {
    if (await hmacSha256Matches(delivery.key, `${t}.${delivery.rawBody}`, fromHex(signature))) {
      return { ok: true, deliveryId: eventId(delivery.rawBody) ?? `sig:${signature}` };
    }
  }
  return refused(NO_MATCH);
}

/** `X-Hub-Signature-256: sha256=<hex>` over the body; the delivery id is `X-GitHub-Delivery`. */
async function github(delivery: Delivery): Promise<Verdict> {
  const header = delivery.headers["x-hub-signature-256"];
  if (!header?.startsWith("sha256=")) return refused("the X-Hub-Signature-256 header is missing");
  const signature = header.slice(7);
  if (!(await hmacSha256Matches(delivery.key, delivery.rawBody, fromHex(signature))))
    return refused(NO_MATCH);
  return { ok: true, deliveryId: delivery.headers["x-github-delivery"] ?? `sig:${signature}` };
}

/** `X-Slack-Signature: v0=<hex>` over `v0:<X-Slack-Request-Timestamp>:<body>`. */
async function slack(delivery: Delivery, toleranceSeconds: number): Promise<Verdict> {
  const header = delivery.headers["x-slack-signature"];
  const timestamp = delivery.headers["x-slack-request-timestamp"] ?? "";
  if (!header?.startsWith("v0=")) return refused("the X-Slack-Signature header is missing");
  const late = checkTimestamp(
    /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN,
    delivery,
    toleranceSeconds,
  );
  if (late) return late;
  const signature = header.slice(3);
  const base = `v0:${timestamp}:${delivery.rawBody}`;
  if (!(await hmacSha256Matches(delivery.key, base, fromHex(signature)))) return refused(NO_MATCH);
  return { ok: true, deliveryId: `sig:${signature}` };
}

/**
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> …`), signed by
 * the `standardwebhooks` library's own `sign` (its secret format, `whsec_` + base64, and signed
 * content). Its `verify` is not used because it judges the timestamp against the clock at the time
 * of the call; a redelivered run must be judged against when the API received it.
 */
function standardWebhooks(delivery: Delivery, toleranceSeconds: number): Verdict {
  const id = delivery.headers["webhook-id"];
  const timestamp = delivery.headers["webhook-timestamp"] ?? "";
  const header = delivery.headers["webhook-signature"];
  if (!id || !header) return refused("the webhook-id or webhook-signature header is missing");
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const late = checkTimestamp(seconds, delivery, toleranceSeconds);
  if (late) return late;
  let expected: string;
  try {
    expected = new Webhook(delivery.key).sign(id, new Date(seconds * 1000), delivery.rawBody);
  } catch {
    return refused("the signing secret is not a Standard Webhooks secret (whsec_ followed by base64)");
  }
  const matches = header.split(" ").some((candidate) => constantTimeEqual(candidate, expected));
  return matches ? { ok: true, deliveryId: id } : refused(NO_MATCH);
}

/** HMAC-SHA256 of the body in a header of the workflow's choosing, hex or base64, with an optional prefix. */
async function genericHmac(
  delivery: Delivery,
  config: Extract<WebhookVerify, { preset: "hmac-sha256" }>,
): Promise<Verdict> {
  const header = delivery.headers[config.header];
  const prefix = config.prefix ?? "";
  if (!header?.startsWith(prefix)) return refused(`the ${config.header} header is missing`);
  const signature = header.slice(prefix.length).trim();
  const bytes = config.encoding === "base64" ? fromBase64(signature) : fromHex(signature);
  if (!(await hmacSha256Matches(delivery.key, delivery.rawBody, bytes))) return refused(NO_MATCH);
  return { ok: true, deliveryId: `sig:${signature}` };
}

export function verifyDelivery(config: WebhookVerify, delivery: Delivery): Promise<Verdict> | Verdict {
  switch (config.preset) {
    case "stripe":
      return stripe(delivery, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    case "github":
      return github(delivery);
    case "slack":
      return slack(delivery, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    case "standard-webhooks":
      return standardWebhooks(delivery, config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    case "hmac-sha256":
      return genericHmac(delivery, config);
  }
}

function eventId(rawBody: string): string | undefined {
  try {
    const id = (JSON.parse(rawBody) as { id?: unknown } | null)?.id;
    return typeof id === "string" && id.length > 0 ? `event:${id}` : undefined;
  } catch {
    return undefined;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
