import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

const requestsTo = async (marker: string) =>
  (await records()).requests.filter((r) => r.server === "echo" && r.path.includes(marker));

describe("http step", () => {
  it("sends the Stripe-style bearer secret exactly in the Authorization header, and stores only the template", async () => {
    const user = await seedUser();
    const value = "sk_test_51Hx+/=&abc";
    await putSecret(user, "stripe_secret", value);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "charge",
      trigger: { type: "manual" },
      steps: [
        {
          id: "charge",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}`,
          headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
          body: { type: "json", value: { amount: 100, note: "key={{ secrets.stripe_secret }}" } },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);

    const [sent] = await requestsTo(marker);
    expect(sent?.headers.authorization).toBe(`Bearer ${value}`);
    expect(sent?.headers["idempotency-key"]).toBe(`${runId}:charge`);
    expect(JSON.parse(sent?.body ?? "")).toEqual({ amount: 100, note: `key=${value}` });

    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    const step = view.steps[0];
    expect(step?.status).toBe("succeeded");
    expect(step?.request).toMatchObject({
      method: "POST",
      headers: { Authorization: "Bearer {{secrets.stripe_secret}}", "Idempotency-Key": `${runId}:charge` },
      body: { type: "json", value: { note: "key={{ secrets.stripe_secret }}" } },
    });
    // The echo server reflected the secret back: the stored response and output are masked.
    expect(JSON.stringify(step)).not.toContain("sk_test_51Hx");
    expect(JSON.stringify(step?.response)).toContain("[masked:stripe_secret]");
  });

  it("percent-encodes a secret in the query and the URL path, form-encodes it in a form body", async () => {
    const user = await seedUser();
    const value = "a b&c=d/é?#";
    await putSecret(user, "token", value);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "encode",
      trigger: { type: "manual" },
      steps: [
        {
          id: "q",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}/{{secrets.token}}`,
          query: { key: "{{secrets.token}}" },
          body: { type: "form", value: { password: "{{secrets.token}}" } },
        },
      ],
    });
    await deliverRun(await queueRun(wf.id, user));
    const [sent] = await requestsTo(marker);
    const url = new URL(sent?.path ?? "", echoUrl);
    expect(decodeURIComponent(url.pathname.split("/").at(-1) ?? "")).toBe(value);
    expect(url.searchParams.get("key")).toBe(value);
    expect(new URLSearchParams(sent?.body).get("password")).toBe(value);
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("hands the JSON output to later steps as {{steps.<id>.…}}", async () => {
    const user = await seedUser();
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "chain",
      trigger: { type: "manual" },
      steps: [
        { id: "first", type: "http", url: `${echoUrl}/echo/${marker}/first?x=1` },
        {
          id: "second",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}/second`,
          body: { type: "json", value: { seen: "{{steps.first.body.method}} {{steps.first.status}}" } },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const sent = await requestsTo(`${marker}/second`);
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual({ seen: "GET 200" });
    expect((await runView(runId)).steps[0]?.output).toMatchObject({ status: 200, body: { method: "GET" } });
  });

  it("retries 5xx for idempotent methods with the same Idempotency-Key, and not for POST", async () => {
    const user = await seedUser();
    const key = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "flaky",
      trigger: { type: "manual" },
      steps: [
        { id: "get", type: "http", url: `${echoUrl}/flaky/${key}-get?fails=2` },
        { id: "post", type: "http", method: "POST", url: `${echoUrl}/flaky/${key}-post?fails=1` },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.steps[0]).toMatchObject({ status: "succeeded", attempts: 3 });
    const gets = await requestsTo(`${key}-get`);
    expect(new Set(gets.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([`${runId}:get`]));
    expect(view.steps[1]).toMatchObject({ status: "failed", attempts: 1 });
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/^step "post": the server answered 503/);
  });

  it("fails a step that exceeds timeoutMs", async () => {
    const user = await seedUser();
    const wf = await seedWorkflow(user, {
      name: "slow",
      trigger: { type: "manual" },
      steps: [{ id: "slow", type: "http", method: "POST", url: `${echoUrl}/slow?ms=3000`, timeoutMs: 200 }],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.steps[0]?.error).toBe("request timed out after 200 ms (1 attempt)");
  });

  it("refuses a header value that renders to non-ASCII, naming the header and not the value", async () => {
    const user = await seedUser();
    await putSecret(user, "token", "pässword");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "ascii",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: `${echoUrl}/echo/${marker}`,
          headers: { "X-Token": "{{secrets.token}}" },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    expect((await runView(runId)).error).toBe(
      'step "call": header "X-Token" has a non-ASCII character after rendering; HTTP header values must be ASCII (store the value encoded, e.g. base64)',
    );
    expect(await requestsTo(marker)).toEqual([]);
  });

  it("does not follow redirects (a secret header must not follow a Location), and can omit the Idempotency-Key", async () => {
    const user = await seedUser();
    await putSecret(user, "token", "sk_test_redirect");
    const key = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "redirect",
      trigger: { type: "manual" },
      steps: [
        {
          id: "moved",
          type: "http",
          url: `${echoUrl}/redirect/${key}`,
          headers: { Authorization: "Bearer {{secrets.token}}" },
          idempotencyKey: false,
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.steps[0]).toMatchObject({ status: "succeeded", output: { status: 302 } });
    expect(await requestsTo(`${key}-followed`)).toEqual([]);
    const [sent] = await requestsTo(`/redirect/${key}`);
    expect(sent?.headers["idempotency-key"]).toBeUndefined();
    expect(view.steps[0]?.request).not.toHaveProperty("headers.Idempotency-Key");
  });

  it("retries network errors for GET, then fails with the masked error after the last attempt", async () => {
    const user = await seedUser();
    await putSecret(user, "token", "sk_test_unreachable");
    // Port 9 (discard) has no listener here: the connection is refused.
    const wf = await seedWorkflow(user, {
      name: "down",
      trigger: { type: "manual" },
      steps: [{ id: "down", type: "http", url: "http://127.0.0.1:9/{{secrets.token}}", retries: 1 }],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const step = (await runView(runId)).steps[0];
    expect(step).toMatchObject({ status: "failed", attempts: 2 });
    expect(step?.error).toMatch(/^request failed after 2 attempts: /);
    expect(JSON.stringify(step)).not.toContain("sk_test_unreachable");
  });

  it("a webhook caller cannot pick the host or path that receives the secret header (trigger data in the authority or as ..)", async () => {
    const user = await seedUser();
    await putSecret(user, "stripe_secret", "sk_test_redirected");
    const marker = crypto.randomUUID();
    const port = new URL(echoUrl).port;
    const wf = await seedWorkflow(user, {
      name: "forward",
      trigger: { type: "webhook" },
      steps: [
        {
          id: "host",
          type: "http",
          url: `http://127.0.0.1:{{trigger.body.port}}/echo/${marker}/host`,
          headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
        },
      ],
    });
    const runId = await queueRun(wf.id, user, { body: { port } });
    await deliverRun(runId);
    const wf2 = await seedWorkflow(user, {
      name: "forward-path",
      trigger: { type: "webhook" },
      steps: [
        {
          id: "path",
          type: "http",
          url: `${echoUrl}/echo/${marker}/{{trigger.body.id}}/private`,
          headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
        },
      ],
    });
    const runId2 = await queueRun(wf2.id, user, { body: { id: ".." } });
    await deliverRun(runId2);

    expect(await requestsTo(marker)).toEqual([]);
    const [host] = (await runView(runId)).steps;
    expect(host).toMatchObject({ status: "failed", attempts: 0 });
    expect(host?.error).toContain("(url): {{trigger.body.port}} sits in the URL's scheme or host");
    const [path] = (await runView(runId2)).steps;
    expect(path).toMatchObject({ status: "failed", attempts: 0 });
    expect(path?.error).toContain("(url): {{trigger.body.id}} makes a URL path segment");
  });

  it("masks a numeric secret that a JSON response holds as a number JavaScript cannot represent exactly", async () => {
    const user = await seedUser();
    const value = "12345678901234567891";
    await putSecret(user, "account_number", value);
    const wf = await seedWorkflow(user, {
      name: "number",
      trigger: { type: "manual" },
      steps: [
        {
          id: "lookup",
          type: "http",
          method: "POST",
          url: `${echoUrl}/number/${crypto.randomUUID()}`,
          body: { type: "text", value: "{{secrets.account_number}}" },
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const [step] = (await runView(runId)).steps;
    expect(step?.status).toBe("succeeded");
    // JSON.parse alone would turn it into 12345678901234567000: most digits, no longer the value.
    expect(JSON.stringify(step)).not.toContain("123456789012345");
    expect(step?.output).toMatchObject({ body: { n: "[masked:account_number]" } });
  });
});
