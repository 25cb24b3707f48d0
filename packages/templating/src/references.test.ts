import { describe, expect, it } from "vitest";
import { type WorkflowDefinition, workflowDefinitionSchema } from "./definition";
import { TemplateSyntaxError } from "./errors";
import { checkDefinition, findReferences } from "./references";

const definition = (steps: unknown[]): WorkflowDefinition =>
  workflowDefinitionSchema.parse({ name: "wf", trigger: { type: "webhook" }, steps });

const sample = definition([
  {
    id: "charge",
    type: "http",
    method: "POST",
    url: "https://api.example.test/v1/{{ trigger.body.account }}",
    body: {
      type: "json",
      value: { customer: { token: "{{secrets.stripe_secret}}" }, items: ["{{ trigger.id }}"] },
    },
  },
  {
    id: "notify",
    type: "http",
    url: "{{ secrets.hook_url }}",
    headers: {
      Authorization: "Bearer {{ secrets.slack_alerts }}",
      "x-signature": "{{trigger.headers.x-signature}}",
    },
    query: { ref: "{{ steps.charge.body.id }}" },
  },
  {
    id: "verify",
    type: "script",
    code: 'const ok = hmac(secrets.webhook_signing_key, trigger.body); return secrets["stripe_secret"] && ok;',
  },
  {
    id: "mail",
    type: "email",
    smtp: {
      host: "127.0.0.1",
      port: 2525,
      security: "none",
      username: "bot",
      password: "{{secrets.smtp_password}}",
    },
    from: "bot@example.test",
    to: ["{{ trigger.body.email }}"],
    subject: "Charged",
    text: "done",
  },
]);

describe("findReferences", () => {
  it("lists every reference with step id, field and path", () => {
    const refs = findReferences(sample).map((r) => [
      r.path,
      r.root,
      r.name,
      r.template,
      r.stepId,
      r.stepIndex,
    ]);
    expect(refs).toEqual([
      ["steps[0].url", "trigger", "trigger.body.account", "{{ trigger.body.account }}", "charge", 0],
      [
        "steps[0].body.value.customer.token",
        "secrets",
        "stripe_secret",
        "{{secrets.stripe_secret}}",
        "charge",
        0,
      ],
      ["steps[0].body.value.items[0]", "trigger", "trigger.id", "{{ trigger.id }}", "charge", 0],
      ["steps[1].url", "secrets", "hook_url", "{{ secrets.hook_url }}", "notify", 1],
      [
        "steps[1].headers.Authorization",
        "secrets",
        "slack_alerts",
        "{{ secrets.slack_alerts }}",
        "notify",
        1,
      ],
      [
        "steps[1].headers.x-signature",
        "trigger",
        "trigger.headers.x-signature",
        "{{trigger.headers.x-signature}}",
        "notify",
        1,
      ],
      ["steps[1].query.ref", "steps", "steps.charge.body.id", "{{ steps.charge.body.id }}", "notify", 1],
      ["steps[2].code", "secrets", "webhook_signing_key", "secrets.webhook_signing_key", "verify", 2],
      ["steps[2].code", "secrets", "stripe_secret", "secrets.stripe_secret", "verify", 2],
      ["steps[3].smtp.password", "secrets", "smtp_password", "{{secrets.smtp_password}}", "mail", 3],
      ["steps[3].to[0]", "trigger", "trigger.body.email", "{{ trigger.body.email }}", "mail", 3],
    ]);
  });

  it("throws the first syntax error located in its field", () => {
    const bad = definition([
      { id: "a", type: "http", url: "https://x.test", headers: { X: "{{ secrets.}}" } },
    ]);
    expect(() => findReferences(bad)).toThrow(TemplateSyntaxError);
    expect(() => findReferences(bad)).toThrow(/^step "a" \(headers.X\): expected a secret name/);
  });
});

describe("checkDefinition", () => {
  it("returns sorted unique secret names and no errors for a valid definition", () => {
    const check = checkDefinition(sample);
    expect(check.errors).toEqual([]);
    expect(check.secretNames).toEqual([
      "hook_url",
      "slack_alerts",
      "smtp_password",
      "stripe_secret",
      "webhook_signing_key",
    ]);
    expect(check.references).toHaveLength(11);
  });

  it("reports every malformed field by path without throwing", () => {
    const check = checkDefinition(
      definition([
        { id: "a", type: "slack", webhookUrl: "{{ secrets.hook }}", text: "{{ secrets.a b }}" },
        {
          id: "b",
          type: "http",
          url: "https://x.test/{{ steps.later.id }}",
          headers: { X: "{{ secret.x }}" },
        },
        { id: "later", type: "script", code: "const k = secrets[name]; return secrets.ok_name;" },
        {
          id: "c",
          type: "email",
          smtp: { host: "h", port: 25, security: "none" },
          from: "{{ f",
          to: ["t"],
          subject: "",
          text: "",
        },
      ]),
    );
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "steps[0].text",
        expect.stringMatching(/^step "a" \(text\): unexpected "b" after "secrets.a" at offset 13/),
      ],
      ["steps[1].url", expect.stringMatching(/\{\{ steps.later.id \}\} refers to a later or unknown step/)],
      ["steps[1].headers.X", expect.stringMatching(/unknown root "secret"/)],
      ["steps[2].code", expect.stringMatching(/dynamic secrets\[…\] access/)],
      ["steps[3].from", expect.stringMatching(/unclosed \{\{ at offset 0/)],
    ]);
    expect(check.secretNames).toEqual(["hook", "ok_name"]);
  });

  it("refuses templates in keys, which are never substituted", () => {
    const check = checkDefinition(
      definition([
        {
          id: "a",
          type: "http",
          method: "POST",
          url: "https://x.test",
          headers: { "{{ secrets.h }}": "v", "X-Ok": "\\{{ literal" },
          body: { type: "json", value: { outer: { "{{trigger.k}}": 1 } } },
        },
      ]),
    );
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "steps[0].headers",
        'step "a" (headers): templates are only substituted in values, not in the key "{{ secrets.h }}"',
      ],
      ["steps[0].body.value.outer", expect.stringContaining('not in the key "{{trigger.k}}"')],
    ]);
  });

  it("refuses at save time what rendering refuses: data choosing the server that gets the secrets", () => {
    const check = checkDefinition(
      definition([
        {
          id: "host",
          type: "http",
          url: "https://api.example.{{trigger.body.tld}}/v1",
          headers: { Authorization: "Bearer {{secrets.key}}" },
        },
        { id: "whole", type: "slack", webhookUrl: "{{trigger.body.url}}", text: "{{secrets.key}}" },
        {
          id: "mail",
          type: "email",
          smtp: { host: "{{trigger.body.host}}", port: 25, security: "none", password: "{{secrets.pw}}" },
          from: "a@example.test",
          to: ["b@example.test"],
          subject: "s",
          text: "t",
        },
      ]),
    );
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "steps[0].url",
        `step "host" (url): {{trigger.body.tld}} sits in the URL's scheme or host, where only secrets may go (trigger and step data could choose where the request is sent)`,
      ],
      [
        "steps[1].webhookUrl",
        `step "whole" (webhookUrl): {{trigger.body.url}} is trigger or step data, which cannot choose the server of a step that sends secrets (write the scheme and host in the URL, or keep the whole URL as a secret)`,
      ],
      [
        "steps[2].smtp.host",
        `step "mail" (smtp.host): {{trigger.body.host}} is trigger or step data, which cannot choose the SMTP server (only secrets may go in smtp.host)`,
      ],
    ]);
  });

  it("accepts data in a URL's path and query, a secret as the host, and a data URL on a step without secrets", () => {
    const check = checkDefinition(
      definition([
        {
          id: "path",
          type: "http",
          url: "https://api.example.test/repos/{{trigger.body.repo}}?page={{trigger.body.page}}",
          headers: { Authorization: "Bearer {{secrets.key}}" },
        },
        { id: "hostSecret", type: "http", url: "https://{{secrets.host}}/v1" },
        { id: "callback", type: "http", method: "POST", url: "{{trigger.body.callback}}" },
      ]),
    );
    expect(check.errors).toEqual([]);
  });

  it("refuses a header name that is not an HTTP token (CR/LF, space, colon, non-ASCII), naming step and header", () => {
    const check = checkDefinition(
      definition([
        {
          id: "call",
          type: "http",
          url: "https://x.test",
          headers: { "X-Ok": "1", "X-Bad\r\nInjected": "v", "Bad Name": "v", "X:Colon": "v", Ünï: "v" },
        },
      ]),
    );
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "steps[0].headers",
        'step "call" (headers): "X-Bad\\r\\nInjected" is not a valid HTTP header name (use letters, digits and !#$%&\'*+-.^_`|~ only: no spaces, colons, CR or LF)',
      ],
      ["steps[0].headers", expect.stringContaining('"Bad Name" is not a valid HTTP header name')],
      ["steps[0].headers", expect.stringContaining('"X:Colon" is not a valid HTTP header name')],
      ["steps[0].headers", expect.stringContaining('"Ünï" is not a valid HTTP header name')],
    ]);
  });

  it("refuses credentials in a URL's user:password@ part, saying to use an Authorization header", () => {
    const check = checkDefinition(
      definition([
        { id: "secret", type: "http", url: "https://{{secrets.user}}:{{secrets.pass}}@api.example.test/v1" },
        { id: "literal", type: "http", url: "https://admin:hunter2@api.example.test/" },
        {
          id: "slack",
          type: "slack",
          webhookUrl: "https://u:{{secrets.pass}}@hooks.example.test/x",
          text: "t",
        },
        // An @ in the path or query is not userinfo.
        { id: "fine", type: "http", url: "https://api.example.test/users/@me?to=a@b.test&k={{secrets.k}}" },
      ]),
    );
    const how =
      'puts credentials in the URL (user:password@host), which are never sent: put them in an Authorization header instead ("Authorization": "Basic {{secrets.NAME}}", the secret holding base64 of user:password)';
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      ["steps[0].url", `step "secret" (url): {{secrets.user}} ${how}`],
      ["steps[1].url", `step "literal" (url): the text before "@" ${how}`],
      ["steps[2].webhookUrl", `step "slack" (webhookUrl): {{secrets.pass}} ${how}`],
    ]);
  });
});
