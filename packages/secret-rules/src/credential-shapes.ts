import { toSecretName } from "./name";

/**
 * A credential format we recognise. Data first: each field is read by name, so later issues can add
 * fields (for example the destinations a shape is usually sent to) without touching the matchers.
 */
export interface CredentialShape {
  /** Stable id, safe to store and to switch on. */
  kind: string;
  /** What it is, for people: "Stripe secret key". */
  label: string;
  /** How such a value starts, safe to show (never the value itself): "sk_live_". */
  prefix: string;
  /** The secret name we suggest for it. */
  suggestedName: string;
  /**
   * Source of a regex matching one occurrence inside longer text, with its own boundaries. A string
   * so it can be handed to a function injected into a page; anchor it to classify a whole value.
   */
  pattern: string;
  /** Where such a credential is used: the destinations suggested when it is saved. */
  destinations?: readonly string[];
}

/** The one list of credential shapes: the API, the editor, the popup and the page scan all read it. */
export const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  {
    kind: "stripe-secret-key-live",
    label: "Stripe secret key",
    prefix: "sk_live_",
    suggestedName: "stripe_secret",
    pattern: "\\bsk_live_[A-Za-z0-9]{16,247}\\b",
    destinations: ["https://api.stripe.com"],
  },
  {
    kind: "stripe-secret-key-test",
    label: "Stripe secret key",
    prefix: "sk_test_",
    suggestedName: "stripe_test_secret",
    pattern: "\\bsk_test_[A-Za-z0-9]{16,247}\\b",
    destinations: ["https://api.stripe.com"],
  },
  {
    kind: "stripe-restricted-key-live",
    label: "Stripe restricted key",
    prefix: "rk_live_",
    suggestedName: "stripe_restricted_key",
    pattern: "\\brk_live_[A-Za-z0-9]{16,247}\\b",
    destinations: ["https://api.stripe.com"],
  },
  {
    kind: "stripe-restricted-key-test",
    label: "Stripe restricted key",
    prefix: "rk_test_",
    suggestedName: "stripe_test_restricted_key",
    pattern: "\\brk_test_[A-Za-z0-9]{16,247}\\b",
    destinations: ["https://api.stripe.com"],
  },
  {
    kind: "slack-bot-token",
    label: "Slack bot token",
    prefix: "xoxb-",
    suggestedName: "slack_bot_token",
    pattern: "\\bxoxb-[A-Za-z0-9-]{10,250}\\b",
    destinations: ["https://slack.com"],
  },
  {
    kind: "slack-user-token",
    label: "Slack user token",
    prefix: "xoxp-",
    suggestedName: "slack_user_token",
    pattern: "\\bxoxp-[A-Za-z0-9-]{10,250}\\b",
    destinations: ["https://slack.com"],
  },
  {
    kind: "slack-webhook-url",
    label: "Slack incoming webhook URL",
    prefix: "https://hooks.slack.com/services/",
    suggestedName: "slack_alerts",
    pattern: "(?:https://)?\\bhooks\\.slack\\.com/services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+",
    destinations: ["https://hooks.slack.com/services"],
  },
  {
    // ghp_ + 30 random base62 characters + a 6-character checksum.
    kind: "github-personal-access-token",
    label: "GitHub personal access token",
    prefix: "ghp_",
    suggestedName: "github_token",
    pattern: "\\bghp_[A-Za-z0-9]{36}\\b",
    destinations: ["https://api.github.com"],
  },
  {
    // github_pat_ + 22 characters of id, _, 59 characters of secret.
    kind: "github-fine-grained-token",
    label: "GitHub fine-grained token",
    prefix: "github_pat_",
    suggestedName: "github_token",
    pattern: "\\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\\b",
    destinations: ["https://api.github.com"],
  },
  {
    kind: "aws-access-key-id",
    label: "AWS access key ID",
    prefix: "AKIA",
    suggestedName: "aws_access_key_id",
    pattern: "(?<![A-Za-z0-9])AKIA[A-Z0-9]{16}(?![A-Za-z0-9])",
    destinations: ["*.amazonaws.com"],
  },
  {
    // AIza + 35 characters of base64url.
    kind: "google-api-key",
    label: "Google API key",
    prefix: "AIza",
    suggestedName: "google_api_key",
    pattern: "(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])",
  },
  {
    kind: "jwt",
    label: "JSON Web Token",
    prefix: "eyJ",
    suggestedName: "jwt",
    pattern:
      "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,1024}\\.eyJ[A-Za-z0-9_-]{10,8192}\\.[A-Za-z0-9_-]{16,1024}(?![A-Za-z0-9_-])",
  },
  {
    kind: "pem-private-key",
    label: "PEM private key",
    // Every PEM private key starts so, whatever its type (RSA, EC, OPENSSH, none).
    prefix: "-----BEGIN ",
    suggestedName: "private_key",
    pattern:
      "-----BEGIN [A-Z0-9 ]{0,32}PRIVATE KEY-----[\\s\\S]{16,16384}?-----END [A-Z0-9 ]{0,32}PRIVATE KEY-----",
  },
];

const anchored = new Map(CREDENTIAL_SHAPES.map((shape) => [shape, new RegExp(`^(?:${shape.pattern})$`)]));

/**
 * The shape of a whole value, if it has one ("this looks like a Stripe live key"). Anchored: a value
 * that merely contains a token (`Bearer sk_live_…`) is not one. Surrounding whitespace is ignored.
 */
export function classifyCredential(value: string): CredentialShape | undefined {
  const trimmed = value.trim();
  return CREDENTIAL_SHAPES.find((shape) => anchored.get(shape)?.test(trimmed));
}

export interface FoundCredential {
  value: string;
  /** Offset of the value in the text searched (UTF-16 code units). */
  index: number;
  shape: CredentialShape;
}

/**
 * Every distinct credential-shaped string inside some text, in order of first appearance (a page,
 * a pasted block, a field of a workflow definition). Unanchored.
 */
export function findCredentials(text: string): FoundCredential[] {
  const all: FoundCredential[] = [];
  for (const shape of CREDENTIAL_SHAPES) {
    for (const match of text.matchAll(new RegExp(shape.pattern, "g"))) {
      all.push({ value: match[0], index: match.index, shape });
    }
  }
  all.sort((a, b) => a.index - b.index);
  const found: FoundCredential[] = [];
  const seen = new Set<string>();
  let end = 0;
  for (const hit of all) {
    if (hit.index < end || seen.has(hit.value)) continue;
    seen.add(hit.value);
    found.push(hit);
    end = hit.index + hit.value.length;
  }
  return found;
}

/**
 * The name to suggest for a captured value: from its shape, else from the site it was captured on
 * ("app.mailgun.com" → "mailgun_key"), else "secret".
 */
export function suggestSecretName(value: string, sourceHost?: string): string {
  const shape = classifyCredential(value);
  if (shape) return shape.suggestedName;
  const site = sourceHost ? siteName(sourceHost) : undefined;
  return site ? toSecretName(`${site}_key`) : "secret";
}

/** The registrable part of a host name, without its suffix; nothing for IP addresses and "localhost". */
function siteName(host: string): string | undefined {
  if (/^[\d.]+$/.test(host) || host.includes(":") || !host.includes(".")) return undefined;
  return (
    host
      .replace(/^www\./, "")
      .split(".")
      .slice(-2, -1)[0] || undefined
  );
}
