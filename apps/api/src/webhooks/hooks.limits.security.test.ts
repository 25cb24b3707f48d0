import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createClient } from "../../../../packages/client/src/index";
import { API_URL, expectApiError, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { fetchWorker, postHook, webhookWorkflow } from "../../test/webhooks";
import { WEBHOOK_RATE_PERIOD_SECONDS } from "./webhook-rate-limit";

const count = async (sql: string, ...params: unknown[]) =>
  (await queryRows<{ n: number }>(sql, ...params))[0]?.n ?? 0;
const deliver = (webhookId: string, vars: Record<string, string> = {}) =>
  fetchWorker(new Request(`${API_URL}/hooks/${webhookId}`, { method: "POST", body: "{}" }), vars);

// vitest.config.ts gives the rate limits small numbers (6 per webhook, 10 per user, per 10 s) so a
// test can cross them; the deployed numbers are in wrangler.jsonc.
describe("webhook intake is bounded", () => {
  it("beyond the per-webhook rate: 429 with Retry-After, nothing queued; another webhook of the user still gets through", async () => {
    const user = await signUpUser("flood");
    const flooded = await webhookWorkflow(user.api, "flooded");
    const other = await webhookWorkflow(user.api, "other");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postHook(flooded.webhookId, { body: "{}" })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429]);
    const refused = await postHook(flooded.webhookId, { body: "{}" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(WEBHOOK_RATE_PERIOD_SECONDS));
    expect(await refused.json()).toEqual({
      error: `too many deliveries to this webhook; nothing was queued, retry after ${WEBHOOK_RATE_PERIOD_SECONDS} s`,
    });
    expect(await count("SELECT count(*) AS n FROM runs WHERE workflow_id = ?", flooded.id)).toBe(6);
    expect((await postHook(other.webhookId, { body: "{}" })).status).toBe(202);
  });

  it("beyond the per-user rate over all their webhooks: 429; another user's webhook is not affected", async () => {
    const user = await signUpUser("many-hooks");
    const hooks = [];
    for (let i = 0; i < 3; i++) hooks.push(await webhookWorkflow(user.api, `hook ${i}`));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await postHook(hooks[i % 3]?.webhookId ?? "", { body: "{}" })).status);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    const refused = await postHook(hooks[2]?.webhookId ?? "", { body: "{}" });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: expect.stringContaining("the webhooks of this account"),
    });
    const stranger = await signUpUser("stranger");
    expect((await postHook((await webhookWorkflow(stranger.api)).webhookId, { body: "{}" })).status).toBe(
      202,
    );
  });

  it("beyond the workflow's cap on queued runs: 429, nothing queued (MAX_QUEUED_RUNS_PER_WORKFLOW)", async () => {
    const user = await signUpUser("backlog");
    const { id, webhookId } = await webhookWorkflow(user.api);
    const cap = { MAX_QUEUED_RUNS_PER_WORKFLOW: "2" };
    expect((await deliver(webhookId, cap)).status).toBe(202);
    expect((await deliver(webhookId, cap)).status).toBe(202);
    const refused = await deliver(webhookId, cap);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /^this workflow already has 2 runs waiting to start/,
    );
    expect(await count("SELECT count(*) AS n FROM runs WHERE workflow_id = ?", id)).toBe(2);
    expect(
      await count(
        "SELECT count(*) AS n FROM run_triggers t JOIN runs r ON r.id = t.run_id WHERE r.workflow_id = ?",
        id,
      ),
    ).toBe(2);
  });

  it("manual runs meet the same cap and the hourly quota as TOO_MANY_REQUESTS with Retry-After", async () => {
    const user = await signUpUser("manual");
    const vars = { MAX_QUEUED_RUNS_PER_WORKFLOW: "100", MAX_RUNS_PER_HOUR_PER_USER: "2" };
    const api = createClient({
      url: API_URL,
      token: user.token,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
        fetchWorker(new Request(input, init), vars)) as typeof fetch,
    });
    const wf = await api.workflows.create.mutate({
      name: "manual",
      trigger: { type: "manual" },
      steps: [{ id: "a", type: "http", method: "GET", url: "https://example.test/" }],
    });
    await api.workflows.run.mutate({ id: wf.id });
    await api.workflows.run.mutate({ id: wf.id });
    const error = await expectApiError(api.workflows.run.mutate({ id: wf.id }), "TOO_MANY_REQUESTS");
    expect(error.message).toMatch(
      /^your account started 2 runs this hour, the most it may; nothing was queued, try again after \d\d:00 UTC$/,
    );
    const seconds = (error.data as { retryAfterSeconds?: number }).retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(3600);
  });

  it("the rate period the API announces is the one wrangler.jsonc configures", () => {
    expect(JSON.parse(env.TEST_DEPLOYED_RATE_PERIODS)).toEqual([
      WEBHOOK_RATE_PERIOD_SECONDS,
      WEBHOOK_RATE_PERIOD_SECONDS,
    ]);
  });
});
