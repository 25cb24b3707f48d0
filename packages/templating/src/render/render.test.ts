import { describe, expect, it } from "vitest";
import { type Step, stepSchema } from "../definition";
import { type RenderContext, renderStep } from "./index";

const step = (raw: unknown): Step => stepSchema.parse(raw);
const ctx: RenderContext = {
  secrets: {
    stripe_secret: "sk_test_a+b/c=d&e f",
    hook_url: "https://hooks.example.test/services/T0/B0/xyz",
    smtp_password: "p@ss:wörd",
    signing: "whsec_123",
    tricky: "{{secrets.signing}}",
  },
  trigger: {
    body: { account: "acct 1/2?x=y", items: [{ id: 7 }, { id: 8 }], flag: true },
    headers: { "x-signature": "sig" },
  },
  steps: { charge: { body: { id: "ch_1", amounts: [1, 2] } } },
};

describe("renderStep: http", () => {
  it("renders url, headers, query and a JSON body", () => {
    const written = {
      id: "charge",
      type: "http",
      method: "POST",
      url: "https://api.example.test/v1/accounts/{{ trigger.body.account }}?expand=1#frag",
      headers: {
        Authorization: "Bearer {{ secrets.stripe_secret }}",
        "x-sig": "{{trigger.headers.x-signature}}",
      },
      query: { "ref id": "{{ steps.charge.body.id }} & more", item: "{{trigger.body.items.1.id}}" },
      body: {
        type: "json",
        value: { customer: { token: "{{secrets.stripe_secret}}", n: 3 }, all: "{{ trigger.body.items }}" },
      },
    };
    const rendered = renderStep(step(written), ctx);
    expect(rendered).toEqual({
      type: "http",
      method: "POST",
      url: "https://api.example.test/v1/accounts/acct%201%2F2%3Fx%3Dy?expand=1&ref%20id=ch_1%20%26%20more&item=8#frag",
      headers: { Authorization: "Bearer sk_test_a+b/c=d&e f", "x-sig": "sig" },
      body: {
        contentType: "application/json",
        text: JSON.stringify({
          customer: { token: "sk_test_a+b/c=d&e f", n: 3 },
          all: '[{"id":7},{"id":8}]',
        }),
      },
      secretsUsed: ["stripe_secret"],
    });
  });

  it("accepts a whole-URL template whose value is an http(s) URL", () => {
    const rendered = renderStep(
      step({ id: "s", type: "http", url: "{{ secrets.hook_url }}", query: { a: "1" } }),
      ctx,
    );
    expect(rendered).toMatchObject({
      url: "https://hooks.example.test/services/T0/B0/xyz?a=1",
      secretsUsed: ["hook_url"],
    });
  });

  it("form-encodes a form body and keeps a text body as written", () => {
    const form = renderStep(
      step({
        id: "f",
        type: "http",
        method: "POST",
        url: "https://x.test",
        body: { type: "form", value: { key: "{{secrets.stripe_secret}}", "a b": "ü" } },
      }),
      ctx,
    );
    expect(form).toMatchObject({
      body: {
        contentType: "application/x-www-form-urlencoded",
        text: "key=sk_test_a%2Bb%2Fc%3Dd%26e+f&a+b=%C3%BC",
      },
    });
    const text = renderStep(
      step({
        id: "t",
        type: "http",
        method: "PUT",
        url: "https://x.test",
        body: { type: "text", value: "flag={{trigger.body.flag}}", contentType: "text/csv" },
      }),
      ctx,
    );
    expect(text).toMatchObject({ body: { contentType: "text/csv", text: "flag=true" }, secretsUsed: [] });
  });

  it("renders in a single pass: a value that looks like a template is not expanded", () => {
    const rendered = renderStep(
      step({ id: "s", type: "http", url: "https://x.test", headers: { X: "{{secrets.tricky}}" } }),
      ctx,
    );
    expect(rendered).toMatchObject({ headers: { X: "{{secrets.signing}}" }, secretsUsed: ["tricky"] });
  });

  it("writes \\{{ as a literal {{", () => {
    const rendered = renderStep(
      step({ id: "s", type: "http", url: "https://x.test", headers: { X: "\\{{secrets.signing}}" } }),
      ctx,
    );
    expect(rendered).toMatchObject({ headers: { X: "{{secrets.signing}}" }, secretsUsed: [] });
  });
});

describe("renderStep: slack, email, script", () => {
  it("renders a slack step with the webhook URL kept as a secret", () => {
    const rendered = renderStep(
      step({
        id: "n",
        type: "slack",
        webhookUrl: "{{secrets.hook_url}}",
        text: "charged {{steps.charge.body.id}}",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "{{ trigger.body.flag }}" } }],
      }),
      ctx,
    );
    expect(rendered).toEqual({
      type: "slack",
      url: ctx.secrets.hook_url,
      payload: {
        text: "charged ch_1",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "true" } }],
      },
      secretsUsed: ["hook_url"],
    });
  });

  it("renders an email step", () => {
    const smtp = {
      host: "127.0.0.1",
      port: 2525,
      security: "none",
      username: "bot",
      password: "{{ secrets.smtp_password }}",
    };
    const rendered = renderStep(
      step({
        id: "m",
        type: "email",
        smtp,
        from: "Bot <bot@x.test>",
        to: ["a@x.test", "{{trigger.body.account}}"],
        subject: "Re: {{ steps.charge.body.id }}",
        text: "line1\nline2 {{secrets.signing}}",
      }),
      ctx,
    );
    expect(rendered).toMatchObject({
      smtp: { ...smtp, password: "p@ss:wörd" },
      from: "Bot <bot@x.test>",
      to: ["a@x.test", "acct 1/2?x=y"],
      subject: "Re: ch_1",
      text: "line1\nline2 whsec_123",
      secretsUsed: ["signing", "smtp_password"],
    });
  });

  it("passes a script only the secrets its code reads, and never splices values into code", () => {
    const code =
      'return hmac(secrets.signing, trigger.body) + secrets["stripe_secret"] + "{{secrets.hook_url}}".length';
    const rendered = renderStep(step({ id: "v", type: "script", code }), {
      ...ctx,
      secrets: { ...ctx.secrets, hook_url: "x" },
    });
    expect(rendered).toEqual({
      type: "script",
      code,
      secrets: { signing: "whsec_123", stripe_secret: "sk_test_a+b/c=d&e f", hook_url: "x" },
      secretsUsed: ["hook_url", "signing", "stripe_secret"],
    });
  });
});
