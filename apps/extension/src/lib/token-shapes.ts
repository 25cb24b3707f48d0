import { toSecretName } from "./secret-name";

/** Credential formats we recognise on a page and in pasted values, with the name we suggest. */
export interface TokenShape {
  kind: string;
  label: string;
  suggestedName: string;
  /** Source of a global regex; kept as a string so it can be passed into an injected page function. */
  pattern: string;
}

export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    kind: "stripe-secret",
    label: "Stripe secret key",
    suggestedName: "stripe_secret",
    pattern: "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\\b",
  },
  {
    kind: "slack-webhook",
    label: "Slack incoming webhook",
    suggestedName: "slack_alerts",
    pattern: "https://hooks\\.slack\\.com/services/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9]+",
  },
  {
    kind: "slack-token",
    label: "Slack token",
    suggestedName: "slack_bot_token",
    pattern: "\\bxox[bp]-[A-Za-z0-9-]{10,250}\\b",
  },
  {
    kind: "github-token",
    label: "GitHub token",
    suggestedName: "github_token",
    pattern: "\\b(?:ghp_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b",
  },
  {
    kind: "private-key",
    label: "Private key (PEM)",
    suggestedName: "private_key",
    pattern: "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]{16,16384}?-----END [A-Z0-9 ]*PRIVATE KEY-----",
  },
];

/** The shape a whole value has, if any (anchored: a value that merely contains a token is not one). */
export function classifyToken(value: string): TokenShape | undefined {
  const trimmed = value.trim();
  return TOKEN_SHAPES.find((shape) => new RegExp(`^(?:${shape.pattern})$`).test(trimmed));
}

/** Name suggestion: from the value's format, else from the site it came from, else "secret". */
export function suggestSecretName(value: string, sourceHost?: string): string {
  const shape = classifyToken(value);
  const base = shape?.suggestedName;
  if (base) {
    if (shape.kind === "stripe-secret" && /^(?:sk|rk)_test_/.test(value.trim())) return "stripe_test_secret";
    return base;
  }
  if (sourceHost) {
    const site = sourceHost
      .replace(/^www\./, "")
      .split(".")
      .slice(-2, -1)[0];
    if (site) return toSecretName(`${site}_key`);
  }
  return "secret";
}

/** Every distinct token-shaped string in some text, in order of first appearance. */
export function findTokens(text: string): { value: string; shape: TokenShape }[] {
  const found = new Map<string, TokenShape>();
  for (const shape of TOKEN_SHAPES) {
    for (const match of text.matchAll(new RegExp(shape.pattern, "g"))) {
      if (!found.has(match[0])) found.set(match[0], shape);
    }
  }
  return [...found].map(([value, shape]) => ({ value, shape }));
}
