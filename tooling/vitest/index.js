// Plain JavaScript on purpose: vitest loads configs through Node, which (on Node 20) cannot import
// a workspace package's TypeScript entry. Types are in index.d.ts.

/**
 * Reporters every suite uses: the default console output, plus a JSON report in
 * `$VITEST_JSON_DIR/<suite>.json` when CI asks for one (`.ci/run` sums them into one line).
 *
 * @example
 * export default defineConfig({ test: { reporters: ciReporters("crypto") } });
 */
export function ciReporters(suite) {
  const dir = process.env.VITEST_JSON_DIR;
  if (!dir) return ["default"];
  return ["default", ["json", { outputFile: `${dir}/${suite}.json` }]];
}

/**
 * Time limits for suites that do real crypto, start Workers or servers: CI runs several suites at once
 * on 2 cores, so a test that takes 1 s alone can take 10 s there. Limits catch hangs, not slowness
 * (performance is measured by `pnpm bench`). `expect.poll` waits up to 30 s by default (vitest's own
 * default, 1 s, fails on a busy machine); `vi.waitFor` has no config default: pass `{ timeout }`.
 */
export const sharedTimeouts = Object.freeze({
  testTimeout: 60_000,
  hookTimeout: 120_000,
  expect: Object.freeze({ poll: Object.freeze({ timeout: 30_000, interval: 50 }) }),
});

/**
 * A test-only consumer of a Queue, as a Miniflare worker: it records every message body and returns
 * them as JSON on any fetch, so a suite whose Worker only produces can assert what the consumer would
 * receive. Bind it with `serviceBindings: { QUEUE_PROBE: "queue-probe" }`.
 *
 * @example
 * miniflare: { serviceBindings: { QUEUE_PROBE: "queue-probe" }, workers: [queueProbeWorker("workflow-secrets-runs")] }
 */
export function queueProbeWorker(queue) {
  return {
    name: "queue-probe",
    modules: true,
    compatibilityDate: "2026-04-01",
    queueConsumers: { [queue]: { maxBatchTimeout: 0.05 } },
    script: `
const received = [];
export default {
  async queue(batch) {
    for (const message of batch.messages) { received.push(message.body); message.ack(); }
  },
  async fetch() {
    return Response.json(received);
  },
};
`,
  };
}
