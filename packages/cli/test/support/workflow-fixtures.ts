/** A manual workflow whose one step sends four imported secrets in headers to the echo server. */
export function chargeWorkflow(echoUrl: string) {
  return {
    name: "Charge",
    trigger: { type: "manual" },
    steps: [
      {
        id: "charge",
        type: "http",
        method: "POST",
        url: `${echoUrl}/charge`,
        headers: {
          Authorization: "Bearer {{secrets.stripe_secret}}",
          "X-Smtp": "{{secrets.smtp_password}}",
          "X-Slack": "{{secrets.slack_token}}",
          "X-Plain": "{{secrets.plain_key}}",
        },
        body: { type: "json", value: { amount: "{{trigger.amount}}", order: "{{trigger.order.id}}" } },
      },
    ],
  };
}

/** A YAML workflow whose body text changes with `text` (to make apply see an update). */
export function notifyYaml(echoUrl: string, text: string): string {
  return `name: Notify
trigger:
  type: manual
steps:
  - id: notify
    type: http
    method: POST
    url: ${echoUrl}/notify
    headers:
      X-Key: "{{secrets.webhook_key}}"
    body:
      type: text
      value: Notify ${text}
`;
}
