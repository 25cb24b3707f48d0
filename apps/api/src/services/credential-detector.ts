import type { Step } from "@workflow-secrets/templating";

export interface DefinitionWarning {
  code: "hard-coded-credential";
  /** Where the value sits, e.g. `steps[1].headers.Authorization`. */
  path: string;
  stepId: string;
  message: string;
}

const PATTERNS: { pattern: RegExp; what: string; suggestedName: string }[] = [
  {
    pattern: /sk_live_[0-9A-Za-z]/,
    what: "a Stripe live secret key (sk_live_…)",
    suggestedName: "stripe_secret",
  },
  {
    pattern: /sk_test_[0-9A-Za-z]/,
    what: "a Stripe test secret key (sk_test_…)",
    suggestedName: "stripe_test_secret",
  },
  { pattern: /xoxb-[0-9A-Za-z]/, what: "a Slack bot token (xoxb-…)", suggestedName: "slack_bot_token" },
  { pattern: /xoxp-[0-9A-Za-z]/, what: "a Slack user token (xoxp-…)", suggestedName: "slack_user_token" },
  {
    pattern: /ghp_[0-9A-Za-z]{20}/,
    what: "a GitHub personal access token (ghp_…)",
    suggestedName: "github_token",
  },
  {
    pattern: /github_pat_[0-9A-Za-z_]{20}/,
    what: "a GitHub fine-grained token (github_pat_…)",
    suggestedName: "github_token",
  },
  {
    pattern: /(?<![0-9A-Z])AKIA[0-9A-Z]{16}(?![0-9A-Z])/,
    what: "an AWS access key id (AKIA…)",
    suggestedName: "aws_access_key_id",
  },
  {
    pattern: /hooks\.slack\.com\/services\/[0-9A-Za-z]/,
    what: "a Slack incoming-webhook URL (hooks.slack.com/services/…)",
    suggestedName: "slack_webhook_url",
  },
  {
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
    what: "a PEM private key",
    suggestedName: "private_key",
  },
];

// Text inside `{{ … }}` is a reference, not a value: `{{secrets.sk_live_key}}` must not warn.
const TEMPLATE = /\{\{[^}]*\}\}/g;

function* stringLeaves(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* stringLeaves(item, `${path}[${i}]`);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) yield* stringLeaves(item, `${path}.${key}`);
  }
}

/**
 * Warnings for values in a definition that look like credentials typed in directly. They name the
 * field and the kind of credential, never the value itself.
 */
export function findHardCodedCredentials(steps: readonly Step[]): DefinitionWarning[] {
  const warnings: DefinitionWarning[] = [];
  for (const [index, step] of steps.entries()) {
    const { id: _id, type: _type, ...fields } = step;
    for (const [path, text] of stringLeaves(fields, `steps[${index}]`)) {
      const literal = text.replace(TEMPLATE, " ");
      const hit = PATTERNS.find(({ pattern }) => pattern.test(literal));
      if (!hit) continue;
      const reference =
        step.type === "script" ? `secrets.${hit.suggestedName}` : `{{secrets.${hit.suggestedName}}}`;
      warnings.push({
        code: "hard-coded-credential",
        path,
        stepId: step.id,
        message: `${path} looks like ${hit.what} written into the workflow: save it as a secret and write ${reference} instead`,
      });
    }
  }
  return warnings;
}
