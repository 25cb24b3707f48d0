import { describe, expect, it } from "vitest";
import { type HttpStep, type Step, stepSchema } from "../definition";
import { requestTemplate, withIdempotencyKey } from "./request-template";

const step = (raw: unknown): Step => stepSchema.parse(raw);
const key = { idempotencyKey: "run_1:charge" };

describe("requestTemplate", () => {
  it("stores an HTTP step as written, templates and all, plus the Idempotency-Key it sends", () => {
    const written = {
      id: "charge",
      type: "http",
      method: "POST",
      url: "https://api.example.test/v1/{{trigger.body.account}}",
      headers: { Authorization: "Bearer {{ secrets.stripe_secret }}" },
      query: { ref: "{{ steps.lookup.body.id }}" },
      body: { type: "json", value: { token: "{{secrets.stripe_secret}}", n: 3 } },
      timeoutMs: 5000,
      retries: 1,
    };
    expect(requestTemplate(step(written), key)).toEqual({
      method: "POST",
      url: written.url,
      headers: { Authorization: "Bearer {{ secrets.stripe_secret }}", "Idempotency-Key": "run_1:charge" },
      query: written.query,
      body: written.body,
      timeoutMs: 5000,
      retries: 1,
    });
  });

  it("adds the Idempotency-Key to a step without headers, keeps one the step sets itself, and none when turned off", () => {
    const bare = step({ id: "s", type: "http", url: "https://x.test" });
    expect(requestTemplate(bare, key)).toMatchObject({ headers: { "Idempotency-Key": "run_1:charge" } });
    const own = step({
      id: "s",
      type: "http",
      url: "https://x.test",
      headers: { "idempotency-KEY": "mine" },
    });
    expect(requestTemplate(own, key)).toMatchObject({ headers: { "idempotency-KEY": "mine" } });
    expect(requestTemplate(own, key)).not.toHaveProperty(["headers", "Idempotency-Key"]);
    const off = step({ id: "s", type: "http", url: "https://x.test", idempotencyKey: false });
    expect(requestTemplate(off, key)).toEqual({
      method: "GET",
      url: "https://x.test",
      idempotencyKey: false,
    });
    const offWithHeaders = step({
      id: "s",
      type: "http",
      url: "https://x.test",
      headers: { X: "1" },
      idempotencyKey: false,
    });
    expect(requestTemplate(offWithHeaders, key)).toMatchObject({ headers: { X: "1" } });
    expect(requestTemplate(offWithHeaders, key)).not.toHaveProperty(["headers", "Idempotency-Key"]);
  });

  it("does not change the step it was given", () => {
    const http = step({ id: "s", type: "http", url: "https://x.test", headers: { X: "1" } });
    const before = structuredClone(http);
    requestTemplate(http, key);
    expect(http).toEqual(before);
  });

  it("stores slack, email and script steps exactly as written, without id and type", () => {
    const slack = {
      webhookUrl: "{{secrets.hook_url}}",
      text: "charged {{steps.charge.body.id}}",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "{{ trigger.body.flag }}" } }],
    };
    expect(requestTemplate(step({ id: "n", type: "slack", ...slack }), key)).toEqual(slack);
    const email = {
      smtp: { host: "127.0.0.1", port: 2525, security: "none", password: "{{ secrets.smtp_password }}" },
      from: "Bot <bot@x.test>",
      to: ["a@x.test", "{{trigger.body.account}}"],
      subject: "Re: {{ steps.charge.body.id }}",
      text: "line {{secrets.signing}}",
    };
    expect(requestTemplate(step({ id: "m", type: "email", ...email }), key)).toEqual(email);
    const script = { code: "return secrets.signing.length", timeoutMs: 100 };
    expect(requestTemplate(step({ id: "v", type: "script", ...script }), key)).toEqual(script);
  });
});

describe("withIdempotencyKey", () => {
  it("is the one rule for the headers sent and the headers stored", () => {
    const http = step({ id: "s", type: "http", url: "https://x.test" }) as HttpStep;
    const headers = { Authorization: "Bearer x" };
    expect(withIdempotencyKey(http, headers, "k")).toEqual({ ...headers, "Idempotency-Key": "k" });
    expect(headers).toEqual({ Authorization: "Bearer x" });
    expect(withIdempotencyKey({ ...http, idempotencyKey: false }, headers, "k")).toEqual(headers);
    expect(withIdempotencyKey(http, { "IDEMPOTENCY-KEY": "mine" }, "k")).toEqual({
      "IDEMPOTENCY-KEY": "mine",
    });
  });
});
