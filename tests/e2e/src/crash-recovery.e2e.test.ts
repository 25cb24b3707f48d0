import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@workflow-secrets/client";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { findFreePort, type Stack, startStack } from "@workflow-secrets/stack";
import { MAX_TIMEOUT_MS } from "@workflow-secrets/templating";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { waitForRun } from "./support/runs";
import { startSlowService } from "./support/slow-service";

/**
 * The runner's stale bound (apps/runner/src/run/heartbeat.ts): twice the longest step timeout. A tick
 * "after the bound" is fired with a scheduled time past it, as the platform's cron would fire minutes later.
 */
const STALE_BOUND_MS = 2 * MAX_TIMEOUT_MS;

// A stack of its own (this file kills it), on its own D1 files, started again on the same files.
describe("a crash of the whole stack while a step is in flight", () => {
  const root = mkdtempSync(join(tmpdir(), "wfs-crash-"));
  const persistDir = join(root, "state");
  const logFile = join(root, "wrangler-output.log");
  let keys: { publicKey: string; privateKeys: string };
  let stack: Stack | undefined;
  let service: Awaited<ReturnType<typeof startSlowService>>;
  const start = async () =>
    startStack({ port: await findFreePort(), persistDir, keys, frozenBundle: true, logFile });

  beforeAll(async () => {
    const pair = await generateSealingKeyPair();
    keys = {
      publicKey: JSON.stringify(toPublicKey(pair)),
      privateKeys: JSON.stringify([toKeyringEntry(pair)]),
    };
    service = await startSlowService();
    stack = await start();
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await service?.close();
    if (process.env.E2E_KEEP !== "1") rmSync(root, { recursive: true, force: true });
  });

  it("SIGKILL of every process during step two of three: after a restart and a cron tick past the bound, the run finishes; step one was sent once, step two's repeat carried the same key", async () => {
    const first = stack as Stack;
    const anonymous = createClient({ url: first.apiUrl });
    const email = `crash-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const { token } = await anonymous.auth.signUp.mutate({
      email,
      password: "correct horse battery staple 42",
    });
    let client = createClient({ url: first.apiUrl, token });
    const apiToken = makeCanary("crash", "token");
    await client.secrets.create.mutate({ name: "api_token", value: apiToken });
    const workflow = await client.workflows.create.mutate({
      name: "Three steps, the second slow",
      trigger: { type: "manual" },
      steps: [
        { id: "one", type: "http", method: "POST", url: `${service.url}/fast/one`, retries: 0 },
        {
          id: "two",
          type: "http",
          method: "POST",
          url: `${service.url}/hang/two`,
          headers: { Authorization: "Bearer {{secrets.api_token}}" },
          retries: 0,
          timeoutMs: MAX_TIMEOUT_MS,
        },
        { id: "three", type: "http", method: "POST", url: `${service.url}/fast/three`, retries: 0 },
      ],
    });
    const { runId } = await client.workflows.run.mutate({ id: workflow.id });
    const sent = (path: string) => service.received.filter((r) => r.path === path);
    await vi.waitFor(() => expect(sent("/hang/two")).toHaveLength(1), { timeout: 90_000, interval: 100 });
    const inFlight = await client.runs.get.query({ id: runId });
    expect(inFlight.status).toBe("running");
    expect(inFlight.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["one", "succeeded"],
      ["two", "running"],
    ]);

    // A crash: every process of the stack at once, nothing gets to finish or mark anything.
    await first.kill();
    stack = undefined;
    stack = await start();
    client = createClient({ url: stack.apiUrl, token });
    // Nothing re-sends it by itself: the run is still running, step two still in flight.
    expect((await client.runs.get.query({ id: runId })).status).toBe("running");

    await stack.triggerScheduled({ time: new Date(Date.now() + STALE_BOUND_MS + 60_000) });
    const run = await waitForRun(client, runId, 90_000);
    expect(run.status, JSON.stringify(run)).toBe("succeeded");
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["one", "succeeded"],
      ["two", "succeeded"],
      ["three", "succeeded"],
    ]);
    expect(sent("/fast/one")).toHaveLength(1);
    expect(sent("/fast/three")).toHaveLength(1);
    expect(sent("/hang/two").map((r) => r.idempotencyKey)).toEqual([`${runId}:two`, `${runId}:two`]);
    expect(sent("/hang/two").every((r) => r.authorization === `Bearer ${apiToken}`)).toBe(true);
    // Nothing the crash or the recovery wrote shows the secret: run history, wrangler's output.
    const canary = { name: "api_token", value: apiToken };
    expect(findLeaks(JSON.stringify(run), [canary])).toEqual([]);
    expect(findLeaks(readFileSync(logFile, "utf8"), [canary])).toEqual([]);
  }, 600_000);
});
