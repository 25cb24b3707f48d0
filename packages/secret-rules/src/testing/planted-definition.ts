/**
 * One workflow definition with fake credentials planted in different kinds of fields, and what must
 * be found in it. The package tests `findHardCodedCredentials` against it; the API's save-time
 * analysis and the extension's editor check are tested against the same fixture, which shows both
 * report exactly what the package finds.
 */

/** Fake values in the shapes of real credentials (not real keys). */
export const PLANTED = {
  stripe: `sk_live_${"51HxYzAbCdEfGhIjKlMnOp"}`,
  slackHook: "https://hooks.slack.com/services/T000AAAA/B000BBBB/XXXXXXXXXXXXXXXXXXXXXXXX",
  aws: "AKIAIOSFODNN7EXAMPLE",
  github: `ghp_${"abcdefghijklmnopqrstuvwxyz0123456789"}`,
  slackBot: `xoxb-${"1234-5678-abcdefghijklmnop"}`,
} as const;

export const PLANTED_DEFINITION = {
  name: "Leaky",
  trigger: { type: "manual" },
  steps: [
    {
      id: "charge",
      type: "http",
      method: "POST",
      url: "https://api.example.test/v1/charges",
      headers: {
        Authorization: `Bearer ${PLANTED.stripe}`,
        "X-Safe": "{{secrets.sk_live_named_secret}}",
      },
      body: { type: "json", value: { nested: [{ key: PLANTED.aws }] } },
    },
    { id: "notify", type: "slack", webhookUrl: PLANTED.slackHook, text: "done" },
    {
      id: "sign",
      type: "script",
      code: `const token = "${PLANTED.github}"; return token.length;`,
    },
    {
      id: "post",
      type: "http",
      method: "POST",
      url: "https://slack.example.test/api/chat.postMessage",
      query: { token: PLANTED.slackBot },
    },
  ],
} as const;

/** What must be found, in order: where, in which step, and which shape. */
export const PLANTED_FINDINGS = [
  { path: "steps[0].headers.Authorization", stepId: "charge", kind: "stripe-secret-key-live" },
  { path: "steps[0].body.value.nested[0].key", stepId: "charge", kind: "aws-access-key-id" },
  { path: "steps[1].webhookUrl", stepId: "notify", kind: "slack-webhook-url" },
  { path: "steps[2].code", stepId: "sign", kind: "github-personal-access-token" },
  { path: "steps[3].query.token", stepId: "post", kind: "slack-bot-token" },
] as const;
