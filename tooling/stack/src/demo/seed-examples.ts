/**
 * The four seed examples (Stripe-style bearer call, Slack alert, SMTP receipt, signed webhook),
 * as workflow definitions. `pnpm dev --demo` creates them against a local demo sink; the e2e suite
 * creates the very same definitions against its local receivers. Templates only, never values.
 */
export type SeedTargets = {
  /** Base URL of the payments-style HTTP API the http steps call. */
  paymentsUrl: string;
  smtp: { host: string; port: number; username: string };
  emailFrom: string;
  emailTo: string;
};

export const SEED_SECRET_NAMES = [
  "stripe_secret",
  "slack_alerts",
  "smtp_password",
  "webhook_signing_key",
] as const;

/**
 * Where each seed secret may be sent, sealed with its value: each is bound to its service.
 * `slack_alerts` is URL-valued, so it defaults to its own origin and path (`…/services`). The
 * webhook signing key is read by the verifying script (scripts: true); from then on every step of
 * the run must satisfy its policy, so it allows the payments API the run forwards to.
 */
export function seedSecretPolicies(
  targets: SeedTargets,
): Record<(typeof SEED_SECRET_NAMES)[number], { destinations?: string[]; scripts?: boolean }> {
  return {
    stripe_secret: { destinations: [targets.paymentsUrl] },
    slack_alerts: {},
    smtp_password: { destinations: [`smtp://${targets.smtp.host}:${targets.smtp.port}`] },
    webhook_signing_key: { destinations: [targets.paymentsUrl], scripts: true },
  };
}

/** Header the webhook sender puts the hex HMAC-SHA256 of the raw body in. */
export const SIGNATURE_HEADER = "x-signature";

// Runs in the sandbox: `secrets` holds only the names the code references; the signature is
// checked over the exact bytes received (`rawBody`), and a mismatch throws, which stops the run.
const verifySignatureScript = `
const raw = trigger.rawBody ?? (typeof trigger.body === "string" ? trigger.body : JSON.stringify(trigger.body));
const given = String(trigger.headers["${SIGNATURE_HEADER}"] ?? "");
const expected = hmacSha256Hex(secrets.webhook_signing_key, raw);
if (!timingSafeEqual(given, expected)) throw new Error("invalid webhook signature");
console.log("signature verified");
return { verified: true };
`.trim();

export function chargeAndNotify(targets: SeedTargets) {
  return {
    name: "Charge customer",
    trigger: { type: "manual" as const },
    steps: [
      {
        id: "charge",
        type: "http" as const,
        method: "POST" as const,
        url: `${targets.paymentsUrl}/v1/charges`,
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
        body: { type: "form" as const, value: { amount: "2000", currency: "usd" } },
      },
      {
        id: "notify",
        type: "slack" as const,
        webhookUrl: "{{secrets.slack_alerts}}",
        text: "Charged 20.00 USD (HTTP {{steps.charge.status}})",
      },
      {
        id: "receipt",
        type: "email" as const,
        smtp: {
          host: targets.smtp.host,
          port: targets.smtp.port,
          security: "none" as const,
          username: targets.smtp.username,
          password: "{{secrets.smtp_password}}",
        },
        from: targets.emailFrom,
        to: [targets.emailTo],
        subject: "Receipt for your payment",
        text: "We charged 20.00 USD. Thank you!",
      },
    ],
  };
}

export function scheduledDigest(targets: SeedTargets, cron = "*/5 * * * *") {
  return {
    name: "Balance digest",
    trigger: { type: "schedule" as const, cron, timezone: "UTC" },
    steps: [
      {
        id: "balance",
        type: "http" as const,
        method: "GET" as const,
        url: `${targets.paymentsUrl}/v1/balance`,
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
      },
      {
        id: "post",
        type: "slack" as const,
        webhookUrl: "{{secrets.slack_alerts}}",
        text: "Scheduled balance check: HTTP {{steps.balance.status}}",
      },
    ],
  };
}

export function verifiedWebhook(targets: SeedTargets) {
  return {
    name: "Verified webhook",
    trigger: { type: "webhook" as const },
    steps: [
      { id: "verify", type: "script" as const, code: verifySignatureScript },
      {
        id: "forward",
        type: "http" as const,
        method: "POST" as const,
        url: `${targets.paymentsUrl}/v1/events`,
        headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
        body: { type: "json" as const, value: { event: "{{trigger.body.type}}" } },
      },
    ],
  };
}
