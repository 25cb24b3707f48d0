import { describe, expect, it } from "vitest";
import { type Step, stepSchema } from "../definition";
import { RenderError, TemplateError, TemplateSyntaxError, UnresolvedReferenceError } from "../errors";
import { secretVariants } from "../masker/encodings";
import { type RenderContext, renderStep } from "./index";

const step = (raw: unknown): Step => stepSchema.parse(raw);
const CANARY = "canary_9f3b2c71d";
const secrets = {
  crlf: `${CANARY}\r\nX-Injected: 1`,
  lf: `${CANARY}\nBcc: victim@x.test`,
  nul: `${CANARY}\0`,
  js_url: `javascript:alert('${CANARY}')`,
  ftp_url: `ftp://${CANARY}.test/`,
  spaced_url: ` https://${CANARY}.test/`,
  tab_url: `https://${CANARY}.te\tst/`,
  host_attack: `${CANARY}@evil.test/../x?y=1#z`,
  slack_alerts_v2: CANARY,
  url_with_credentials: `https://admin:${CANARY}@api.example.test/v1`,
  user: "admin",
  pass: CANARY,
};
const ctx: RenderContext = { secrets, trigger: { body: {} }, steps: {} };

function renderError(raw: unknown, context: RenderContext = ctx): TemplateError {
  try {
    renderStep(step(raw), context);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    // No form of any secret value (raw, base64, hex, percent, JSON, HTML) may reach an error message.
    for (const value of Object.values(context.secrets)) {
      const texts = typeof value === "string" ? [value] : Object.values(value.fields);
      for (const text of texts)
        for (const form of secretVariants(text)) expect(error.message).not.toContain(form);
    }
    return error;
  }
  throw new Error("expected the step to be refused");
}

const http = (extra: object) => ({ id: "notify", type: "http", url: "https://api.example.test/x", ...extra });
const email = (extra: object) => ({
  id: "mail",
  type: "email",
  smtp: { host: "127.0.0.1", port: 25, security: "none" },
  from: "a@x.test",
  to: ["b@x.test"],
  subject: "s",
  text: "t",
  ...extra,
});

describe("unresolved references", () => {
  it("names step, field and template exactly as the design says", () => {
    const error = renderError(http({ headers: { Authorization: "{{secrets.slack_alerts}}" } }));
    expect(error).toBeInstanceOf(UnresolvedReferenceError);
    expect(error.message).toBe(
      'step "notify" (headers.Authorization): {{secrets.slack_alerts}} does not resolve: no secret named "slack_alerts"',
    );
    expect(error).toMatchObject({
      stepId: "notify",
      field: "headers.Authorization",
      template: "{{secrets.slack_alerts}}",
    });
  });

  it.each([
    ["{{ trigger.body.missing }}", 'the trigger has no "body.missing"'],
    ["{{ steps.fetch.id }}", 'step "fetch" has no output'],
    ["{{ secrets.constructor }}", 'no secret named "constructor"'],
    ["{{ trigger.body.__proto__ }}", 'the trigger has no "body.__proto__"'],
  ])("refuses %s (no prototype lookups)", (template, reason) => {
    const error = renderError(http({ headers: { X: template } }));
    expect(error).toBeInstanceOf(UnresolvedReferenceError);
    expect(error.message).toContain(reason);
  });

  it("names script secrets the code reads that do not exist", () => {
    const error = renderError({ id: "v", type: "script", code: "return secrets.nope" });
    expect(error.message).toBe('step "v" (code): secrets.nope does not resolve: no secret named "nope"');
  });

  it("locates syntax errors in their step field", () => {
    const error = renderError(http({ query: { a: "{{ secrets.a b }}" } }));
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect(error).toMatchObject({ stepId: "notify", field: "query.a", position: 13 });
  });
});

describe("escaping violations are errors, never silent", () => {
  it.each(["crlf", "lf", "nul"])("refuses a header value with CR/LF/NUL (%s)", (name) => {
    const error = renderError(http({ headers: { Authorization: `Bearer {{ secrets.${name} }}` } }));
    expect(error).toBeInstanceOf(RenderError);
    expect(error.message).toBe(
      `step "notify" (headers.Authorization): {{ secrets.${name} }} resolves to a value with CR, LF or NUL, which cannot go in a header value`,
    );
  });

  it.each([
    ["from", { from: "{{secrets.lf}}" }],
    ["to[1]", { to: ["ok@x.test", "{{secrets.crlf}}"] }],
    ["subject", { subject: "Hi {{secrets.lf}}" }],
    ["smtp.password", { smtp: { host: "h", port: 25, security: "none", password: "{{secrets.crlf}}" } }],
  ])("refuses CR/LF in the SMTP field %s", (field, extra) => {
    const error = renderError(email(extra));
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).field).toBe(field);
  });

  it.each(["{{trigger.body.host}}", "smtp.{{steps.prev.domain}}"])(
    "refuses trigger or step data in smtp.host, which receives the SMTP credentials (%s)",
    (host) => {
      const error = renderError(
        email({ smtp: { host, port: 25, security: "none", password: "{{secrets.slack_alerts_v2}}" } }),
        { ...ctx, trigger: { body: { host: "evil.test" } }, steps: { prev: { domain: "evil.test" } } },
      );
      expect(error).toBeInstanceOf(RenderError);
      expect(error.message).toContain('step "mail" (smtp.host): ');
      expect(error.message).toContain("cannot choose the SMTP server");
    },
  );

  it("still takes a secret as smtp.host", () => {
    const rendered = renderStep(
      step(email({ smtp: { host: "{{secrets.slack_alerts_v2}}", port: 25, security: "none" } })),
      ctx,
    );
    expect(rendered.type === "email" && rendered.smtp.host).toBe(CANARY);
  });

  it.each(["js_url", "ftp_url", "spaced_url", "tab_url", "slack_alerts_v2"])(
    "refuses a whole-URL template that is not an http(s) URL (%s)",
    (name) => {
      const error = renderError({ id: "n", type: "slack", webhookUrl: `{{secrets.${name}}}`, text: "x" });
      expect(error.message).toBe(`step "n" (webhookUrl): {{secrets.${name}}} is not an http(s) URL`);
    },
  );

  it("percent-encodes a template inside a URL so it cannot change host, path or query", () => {
    const rendered = renderStep(
      step(http({ url: "https://api.example.test/u/{{secrets.host_attack}}" })),
      ctx,
    );
    expect(rendered.type === "http" && rendered.url).toBe(
      `https://api.example.test/u/${CANARY}%40evil.test%2F..%2Fx%3Fy%3D1%23z`,
    );
    expect(new URL((rendered as { url: string }).url).host).toBe("api.example.test");
  });

  it.each([
    ["https://api.example.{{trigger.body.tld}}/x", "{{trigger.body.tld}}"],
    ["https://api.example.test{{trigger.body.tld}}/x", "{{trigger.body.tld}}"],
    ["https://{{steps.prev.host}}.example.test/x", "{{steps.prev.host}}"],
    ["https://api.example.test:{{trigger.body.port}}", "{{trigger.body.port}}"],
    ["{{trigger.body.scheme}}://api.example.test/x", "{{trigger.body.scheme}}"],
  ])("refuses trigger or step data in a URL's scheme or host (%s)", (url, template) => {
    const context = { ...ctx, trigger: { body: { tld: "test.evil.test", port: "1", scheme: "https" } } };
    const error = renderError(http({ url }), { ...context, steps: { prev: { host: "evil.test" } } });
    expect(error).toBeInstanceOf(RenderError);
    expect(error.message).toContain(`step "notify" (url): ${template} sits in the URL's scheme or host`);
  });

  it.each([
    ["https://api.example.test/repos/{{trigger.body.dots}}/hooks", ".."],
    ["https://api.example.test/repos/{{trigger.body.dots}}", "."],
    ["https://api.example.test/a/.{{trigger.body.dots}}/b?x=1", "."],
    ["https://api.example.test/a/{{trigger.body.dots}}{{trigger.body.dots}}#f", "."],
  ])("refuses a value that makes a dot segment in the URL path (%s, %j)", (url, dots) => {
    const error = renderError(http({ url }), { ...ctx, trigger: { body: { dots } } });
    expect(error).toBeInstanceOf(RenderError);
    expect(error.message).toContain('step "notify" (url): {{trigger.body.dots}} makes a URL path segment');
  });

  it("takes dots inside a path segment and in the query", () => {
    const rendered = renderStep(
      step(http({ url: "https://api.example.test/f/{{trigger.body.dots}}.json?q={{trigger.body.dots}}" })),
      { ...ctx, trigger: { body: { dots: ".." } } },
    );
    expect(new URL((rendered as { url: string }).url).pathname).toBe("/f/...json");
  });

  it.each([
    [
      http({ url: "{{trigger.body.url}}", headers: { Authorization: "Bearer {{secrets.slack_alerts_v2}}" } }),
      "url",
    ],
    [http({ url: "{{steps.prev.url}}", query: { key: "{{secrets.slack_alerts_v2}}" } }), "url"],
    [
      {
        id: "notify",
        type: "slack",
        webhookUrl: "{{trigger.body.url}}",
        text: "{{secrets.slack_alerts_v2}}",
      },
      "webhookUrl",
    ],
  ])("refuses a whole URL of trigger or step data on a step that sends a secret (%#)", (raw, field) => {
    const context = {
      ...ctx,
      trigger: { body: { url: "https://evil.test/" } },
      steps: { prev: { url: "https://evil.test/" } },
    };
    const error = renderError(raw, context);
    expect(error).toBeInstanceOf(RenderError);
    expect(error.message).toContain(`step "notify" (${field}): `);
    expect(error.message).toContain("cannot choose the server of a step that sends secrets");
  });

  it("takes a whole URL of trigger data on a step that sends no secret (a callback URL)", () => {
    const rendered = renderStep(
      step(http({ url: "{{trigger.body.url}}", headers: { "X-Id": "{{trigger.body.id}}" } })),
      {
        ...ctx,
        trigger: { body: { url: "https://hooks.example.test/cb", id: "7" } },
      },
    );
    expect(rendered.type === "http" && rendered.url).toBe("https://hooks.example.test/cb");
  });

  it("still takes trigger data in a URL's path and query, and a secret as the host", () => {
    const rendered = renderStep(
      step(
        http({
          url: "https://{{secrets.slack_alerts_v2}}.example.test/{{trigger.body.p}}?q={{trigger.body.p}}",
        }),
      ),
      { ...ctx, trigger: { body: { p: ".evil.test" } } },
    );
    expect(new URL((rendered as { url: string }).url).host).toBe(`${CANARY}.example.test`);
  });

  it("refuses a URL whose literal part is not http(s)", () => {
    const error = renderError(http({ url: "file:///etc/{{ secrets.slack_alerts_v2 }}" }));
    expect(error.message).toBe(
      'step "notify" (url): file:///etc/{{ secrets.slack_alerts_v2 }} does not render to an http(s) URL',
    );
  });

  it("percent-encodes query values, including characters encodeURIComponent leaves alone", () => {
    const rendered = renderStep(step(http({ query: { q: "{{secrets.js_url}}" } })), ctx);
    expect(rendered.type === "http" && rendered.url).toBe(
      `https://api.example.test/x?q=javascript%3Aalert%28%27${CANARY}%27%29`,
    );
  });

  it("keeps JSON bodies well-formed whatever the value holds", () => {
    const rendered = renderStep(
      step(
        http({
          method: "POST",
          body: { type: "json", value: { a: '{{secrets.crlf}}", "admin": true, "x": "' } },
        }),
      ),
      { ...ctx, secrets: { ...secrets, crlf: '", "admin": true, "' } },
    );
    const body = rendered.type === "http" ? rendered.body?.text : undefined;
    expect(Object.keys(JSON.parse(body ?? "{}"))).toEqual(["a"]);
  });
});

describe("request shape: header names and URL credentials", () => {
  it("refuses a header name with CR/LF when the step renders (a definition saved before the save-time rule)", () => {
    const error = renderError(http({ headers: { "X-A\r\nX-Injected": "1" } }));
    expect(error.message).toMatch(
      /^step "notify" \(headers\): "X-A\\r\\nX-Injected" is not a valid HTTP header name/,
    );
  });

  it("refuses credentials in the URL (whole-URL secret or composed), never dropping them silently", () => {
    const whole = renderError(http({ url: "{{secrets.url_with_credentials}}" }));
    expect(whole).toBeInstanceOf(RenderError);
    expect(whole.message).toMatch(
      /^step "notify" \(url\): \{\{secrets\.url_with_credentials\}\} puts credentials in the URL \(user:password@host\), which are never sent: put them in an Authorization header instead/,
    );
    const composed = renderError(
      http({ url: "https://{{secrets.user}}:{{secrets.pass}}@api.example.test/" }),
    );
    expect(composed.message).toMatch(
      /^step "notify" \(url\): \{\{secrets\.user\}\} puts credentials in the URL/,
    );
    const slack = renderError({
      id: "s",
      type: "slack",
      webhookUrl: "{{secrets.url_with_credentials}}",
      text: "t",
    });
    expect(slack.message).toContain("Authorization header");
  });
});
