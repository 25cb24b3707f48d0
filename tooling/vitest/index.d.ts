/** Reporters for a suite: default output, plus `$VITEST_JSON_DIR/<suite>.json` when set. */
export function ciReporters(suite: string): (string | [string, Record<string, unknown>])[];
/** Time limits that catch hangs, not slowness, on a loaded 2-core CI machine. */
export const sharedTimeouts: {
  readonly testTimeout: 60_000;
  readonly hookTimeout: 120_000;
  readonly expect: { readonly poll: { readonly timeout: 30_000; readonly interval: 50 } };
};
/** A Miniflare worker that consumes `queue` and answers any fetch with every message body received. */
export function queueProbeWorker(queue: string): {
  name: "queue-probe";
  modules: true;
  compatibilityDate: string;
  queueConsumers: Record<string, { maxBatchTimeout: number }>;
  script: string;
};
