import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { callTrpc, findFreePort, startStack } from "@workflow-secrets/stack";

/**
 * The whole local stack (`pnpm dev`'s: API + Queue + runner in one workerd, local D1), per Queue
 * consumer setting: trigger to first byte (webhook POST → the service receives step one) over
 * RUNS sequential runs, and sustained throughput (BURST webhooks at CONCURRENCY in flight).
 */
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "../../..");
const RUNS = Number(process.env.BENCH_TTFB_RUNS ?? 200);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const CONCURRENCY = 20;

type Variant = { name: string; maxBatchSize: number; maxBatchTimeout: number };
const VARIANTS: Variant[] = [
  { name: "batch 10, timeout 1 s (before)", maxBatchSize: 10, maxBatchTimeout: 1 },
  { name: "batch 10, timeout 0 (repo setting)", maxBatchSize: 10, maxBatchTimeout: 0 },
  { name: "batch 50, timeout 0", maxBatchSize: 50, maxBatchTimeout: 0 },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** A service that notes when each path first arrived; `waitFor(path)` resolves at that moment. */
async function startArrivals() {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    const at = performance.now();
    const path = req.url ?? "/";
    if (!arrived.has(path)) arrived.set(path, at);
    waiting.get(path)?.(at);
    req.resume();
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    waitFor: (path: string) =>
      new Promise<number>((resolve) => {
        const at = arrived.get(path);
        if (at !== undefined) return resolve(at);
        waiting.set(path, resolve);
      }),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function measureVariant(variant: Variant, keys: { publicKey: string; privateKeys: string }) {
  const service = await startArrivals();
  const root = mkdtempSync(join(tmpdir(), "wfs-stack-bench-"));
  const stack = await startStack({
    port: await findFreePort(),
    persistDir: join(root, "state"),
    keys,
    frozenBundle: true,
    // Throughput, not abuse: the intake limits are lifted for the bench (their defaults would refuse it).
    api: {
      config: {
        ratelimits: [
          { name: "WEBHOOK_RATE_LIMIT", namespace_id: "1301", simple: { limit: 100_000, period: 10 } },
          { name: "USER_WEBHOOK_RATE_LIMIT", namespace_id: "1302", simple: { limit: 100_000, period: 10 } },
        ],
      },
    },
    runner: {
      config: {
        queues: {
          producers: [{ binding: "RUNS_QUEUE", queue: "workflow-secrets-runs" }],
          consumers: [
            {
              queue: "workflow-secrets-runs",
              max_batch_size: variant.maxBatchSize,
              max_batch_timeout: variant.maxBatchTimeout,
              max_retries: 5,
            },
          ],
        },
      },
    },
  });
  try {
    const email = `bench-${crypto.randomUUID().slice(0, 8)}@bench.test`;
    const { token } = await callTrpc<{ token: string }>(stack.apiUrl, "auth.signUp", {
      kind: "mutation",
      input: { email, password: `bench-password-${crypto.randomUUID()}` },
    });
    const hook = async (name: string, path: string) => {
      const workflow = await callTrpc<{ webhookId: string }>(stack.apiUrl, "workflows.create", {
        kind: "mutation",
        token,
        input: {
          name,
          trigger: { type: "webhook" },
          steps: [
            { id: "first", type: "http", method: "POST", url: `${service.url}/${path}/{{trigger.body.n}}` },
          ],
        },
      });
      return `${stack.apiUrl}/hooks/${workflow.webhookId}`;
    };
    const deliver = (url: string, n: number) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ n }),
      });

    const latencyHook = await hook("latency", "ttfb");
    for (let i = 0; i < 10; i++) {
      await deliver(latencyHook, -1 - i);
      await service.waitFor(`/ttfb/${-1 - i}`);
    }
    const intake: number[] = [];
    const firstByte: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const response = await deliver(latencyHook, i);
      intake.push(performance.now() - t0);
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      firstByte.push((await service.waitFor(`/ttfb/${i}`)) - t0);
    }

    const burstHook = await hook("burst", "burst");
    const t0 = performance.now();
    let next = 0;
    let accepted = 0;
    let intakeDone = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < BURST) {
          const n = next++;
          const response = await deliver(burstHook, n);
          if (response.status === 202) accepted++;
        }
        intakeDone = Math.max(intakeDone, performance.now());
      }),
    );
    const arrivals = await Promise.all(
      Array.from({ length: BURST }, (_, n) => service.waitFor(`/burst/${n}`)),
    );
    const drained = Math.max(...arrivals) - t0;
    if (accepted !== BURST) throw new Error(`only ${accepted} of ${BURST} deliveries accepted`);
    return {
      intake,
      firstByte,
      intakeRate: BURST / ((intakeDone - t0) / 1000),
      runRate: BURST / (drained / 1000),
    };
  } finally {
    await stack.stop();
    service.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const pair = await generateSealingKeyPair();
  const keys = {
    publicKey: JSON.stringify(toPublicKey(pair)),
    privateKeys: JSON.stringify([toKeyringEntry(pair)]),
  };
  const loadBefore = loadavg()[0] as number;
  const latencyRows: (string | number)[][] = [];
  const throughputRows: (string | number)[][] = [];
  for (const variant of VARIANTS) {
    const m = await measureVariant(variant, keys);
    latencyRows.push(
      [
        `${variant.name}: webhook POST answered (baseline)`,
        round(percentile(m.intake, 50)),
        round(percentile(m.intake, 99)),
        "",
      ],
      [
        `${variant.name}: trigger to first byte at the service`,
        round(percentile(m.firstByte, 50)),
        round(percentile(m.firstByte, 99)),
        round(percentile(m.firstByte, 50) / percentile(m.intake, 50)),
      ],
    );
    throughputRows.push([
      variant.name,
      Math.round(m.intakeRate),
      Math.round(m.runRate),
      round(m.runRate / m.intakeRate),
    ]);
    console.log(variant.name, { ttfbP50: percentile(m.firstByte, 50), runsPerSecond: m.runRate });
  }
  const machine = `Machine load average (1 min) ${loadBefore.toFixed(1)} before and ${(loadavg()[0] as number).toFixed(1)} after, on 2 cores shared with other jobs.`;
  const result = {
    suite: "stack",
    sections: [
      {
        title: `Trigger to first byte (${RUNS} webhook runs one after another, per local Queue consumer setting)`,
        columns: ["what", "p50 ms", "p99 ms", "ratio to the POST's answer (p50)"],
        rows: latencyRows,
        notes: [
          "One stack per setting: `startStack` (API + Queue + runner in one workerd, local D1), bundled once; a Node service on 127.0.0.1 notes when step one arrives.",
          "Measured from sending the webhook POST to the moment the service receives the run's first step: intake (seal, insert, Queue send), Queue delivery, claim, secret and trigger opening, first step's start persisted, the request.",
          "The Queue waits up to max_batch_timeout for a batch to fill: a lone run waits the whole timeout, which is what the first rows show.",
          machine,
        ],
      },
      {
        title: `Sustained throughput (${BURST} webhooks, ${CONCURRENCY} in flight)`,
        columns: ["consumer setting", "deliveries accepted / s (baseline)", "runs drained / s", "ratio"],
        rows: throughputRows,
        notes: [
          "Drained: the service received step one of every run (a one-step workflow), measured from the first POST.",
          "The webhook rate limits are lifted for this bench (100,000 per 10 s); their defaults (100 per webhook, 300 per user per 10 s) would refuse a burst like this by design.",
        ],
      },
    ],
  };
  for (const section of result.sections) {
    console.log(`\n${section.title}`);
    console.table(section.rows.map((row) => Object.fromEntries(section.columns.map((c, i) => [c, row[i]]))));
  }
  mkdirSync(join(repo, "bench/results"), { recursive: true });
  writeFileSync(join(repo, "bench/results/stack.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log("\nwrote bench/results/stack.json");
}

await main();
