import { describe, expect, it } from "vitest";
import { type Step, stepSchema } from "../definition";
import { TemplateError } from "../errors";
import { checkDefinition } from "../references";
import { type RenderContext, renderStep } from "./index";

const step = (raw: unknown): Step => stepSchema.parse(raw);
const header = `Basic ${Buffer.from("ann:pa ss").toString("base64")}`;
const ctx: RenderContext = {
  secrets: {
    plain: "tok_plain_value",
    login: { type: "basic", fields: { username: "ann", password: "pa ss", header } },
    mail: { type: "smtp", fields: { username: "mailer", password: "smtp-pw" } },
    api: {
      type: "oauth2",
      fields: {
        accessToken: "at_123",
        refreshToken: "rt_secret",
        clientSecret: "cs_secret",
        clientId: "cid",
      },
    },
  },
  trigger: {},
  steps: {},
};

const message = (raw: unknown) => {
  try {
    renderStep(step(raw), ctx);
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
};

describe("typed secrets in templates", () => {
  it("renders each field where it is placed, with the field's escaping", () => {
    const rendered = renderStep(
      step({
        id: "call",
        type: "http",
        url: "https://api.example.test/u/{{secrets.login.username}}",
        headers: {
          Authorization: "{{ secrets.login.header }}",
          "X-Token": "Bearer {{secrets.api.accessToken}}",
        },
        query: { pw: "{{secrets.login.password}}" },
      }),
      ctx,
    );
    expect(rendered).toMatchObject({
      url: "https://api.example.test/u/ann?pw=pa%20ss",
      headers: { Authorization: header, "X-Token": "Bearer at_123" },
      secretsUsed: ["api", "login"],
    });
  });

  it("fills SMTP connection fields from an smtp secret", () => {
    const rendered = renderStep(
      step({
        id: "mail",
        type: "email",
        smtp: {
          host: "127.0.0.1",
          port: 25,
          security: "none",
          username: "{{secrets.mail.username}}",
          password: "{{secrets.mail.password}}",
        },
        from: "a@example.test",
        to: ["b@example.test"],
        subject: "s",
        text: "t",
      }),
      ctx,
    );
    expect(rendered).toMatchObject({ smtp: { username: "mailer", password: "smtp-pw" } });
  });

  it("refuses a field the type lacks, a whole typed secret and a field of a text secret, naming the fields", () => {
    const http = (value: string) => ({ id: "s", type: "http", url: "https://x.test", headers: { A: value } });
    expect(message(http("{{secrets.mail.header}}"))).toBe(
      'step "s" (headers.A): {{secrets.mail.header}} does not resolve: secret "mail" is a smtp secret without a field "header": its fields are username, password',
    );
    expect(message(http("{{secrets.login}}"))).toContain(
      "{{secrets.login.username}}, {{secrets.login.password}}, {{secrets.login.header}}",
    );
    expect(message(http("{{secrets.plain.password}}"))).toContain("is a text secret and has no fields");
    expect(message(http("{{secrets.api.refreshToken}}"))).toContain(
      "its fields are tokenUrl, clientId, scope, grant, accessToken, expiresAt",
    );
  });

  it("hands a script only the referencable fields of a typed secret", () => {
    const rendered = renderStep(
      step({ id: "s", type: "script", code: "return secrets.api.accessToken + secrets.plain" }),
      ctx,
    );
    expect(rendered).toMatchObject({
      secrets: { api: { accessToken: "at_123", clientId: "cid" }, plain: "tok_plain_value" },
    });
    expect(JSON.stringify(rendered)).not.toContain("rt_secret");
    expect(JSON.stringify(rendered)).not.toContain("cs_secret");
  });
});

describe("checkDefinition with secret types", () => {
  const definition = {
    name: "w",
    trigger: { type: "manual" as const },
    steps: [
      step({
        id: "a",
        type: "http",
        url: "https://x.test",
        headers: { A: "{{secrets.mail.header}}", B: "{{secrets.login.header}}" },
      }),
      step({
        id: "b",
        type: "http",
        url: "https://x.test",
        headers: { C: "{{secrets.plain.x}}", D: "{{secrets.unknown.x}}" },
      }),
      step({ id: "c", type: "script", code: "return secrets.login.password" }),
    ],
  };

  it("refuses at save time each reference that does not fit its secret's type, and only those", () => {
    const types = new Map([
      ["mail", "smtp"],
      ["login", "basic"],
      ["plain", "text"],
    ]);
    const check = checkDefinition(definition, { secretTypes: types });
    expect(check.errors.map((e) => [e.path, e.message])).toEqual([
      [
        "steps[0].headers.A",
        expect.stringContaining(
          '{{secrets.mail.header}} does not fit: secret "mail" is a smtp secret without a field "header": its fields are username, password',
        ),
      ],
      ["steps[1].headers.C", expect.stringContaining('secret "plain" is a text secret and has no fields')],
    ]);
    expect(check.references.find((r) => r.path === "steps[0].headers.B")).toMatchObject({
      name: "login",
      secretField: "header",
    });
    expect(check.secretNames).toEqual(["login", "mail", "plain", "unknown"]);
  });

  it("checks nothing about types when none are given", () => {
    expect(checkDefinition(definition).errors).toEqual([]);
  });
});
