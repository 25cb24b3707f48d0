import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSealingKeyPair, toKeyringEntry, toPublicKey } from "@workflow-secrets/crypto";
import { startWorker } from "@workflow-secrets/stack";

/**
 * Runner overhead per HTTP step: a 10-step workflow through the real run loop (claim, resolve,
 * render, send, mask, persist) against the same 10 plain fetches, from one Worker in one workerd,
 * both to a local Node server; plus resolving (one query + opening) 50 secrets.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "../../..");
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
/** Runs whose D1 usage and storage are measured (each: intake as the API does it, then the run). */
const COST_RUNS = Number(process.env.BENCH_COST_RUNS ?? 1000);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * One table row: p50 and p99 of `samples` divided by `per` (10 for per-step figures of a 10-step
 * run), the p50 ratio to `baseline` when given, and the target.
 */
function row(
  what: string,
  samples: number[],
  { per = 1, baseline, target = "" }: { per?: number; baseline?: number[]; target?: string } = {},
) {
  const ratio = baseline ? round(percentile(samples, 50) / percentile(baseline, 50)) : "";
  return [what, round(percentile(samples, 50) / per), round(percentile(samples, 99) / per), ratio, target];
}

async function main() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true,"id":"evt_123"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const echoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const loadBefore = loadavg()[0] as number;
  const pair = await generateSealingKeyPair();
  const worker = await startWorker({
    config: join(here, "wrangler.bench.jsonc"),
    vars: { SEALING_PRIVATE_KEYS: JSON.stringify([toKeyringEntry(pair)]) },
    readyPath: "/noop",
  });
  const call = async (path: string, body?: unknown) => {
    const t0 = performance.now();
    const response = await fetch(`${worker.url}${path}`, {
      method: "POST",
      headers: { "x-echo-url": echoUrl },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    const { ms, d1Ms } = (await response.json()) as { ms: number; d1Ms?: number };
    return { inner: ms, outer: performance.now() - t0, d1Ms: d1Ms ?? 0 };
  };

  try {
    const migrations = join(repo, "packages/db/migrations");
    const statements = readdirSync(migrations)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .flatMap((f) => readFileSync(join(migrations, f), "utf8").split("--> statement-breakpoint"))
      .map((s) => s.trim())
      .filter(Boolean);
    await call("/setup", { statements, echoUrl, publicKey: toPublicKey(pair) });

    for (let i = 0; i < 5; i++) {
      await call("/run");
      await call("/baseline");
      await call("/open50");
    }
    const runMs: number[] = [];
    const d1PerStep: number[] = [];
    const persistedMs: number[] = [];
    const overFloor: number[] = [];
    const overheadWithoutD1: number[] = [];
    const plainMs: number[] = [];
    const overheadPerStep: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const run = await call("/run");
      const plain = await call("/baseline");
      const persisted = await call("/baseline-persisted");
      persistedMs.push(persisted.outer);
      overFloor.push((run.outer - persisted.outer) / 10);
      runMs.push(run.outer);
      d1PerStep.push(run.d1Ms / 10);
      overheadWithoutD1.push((run.inner - run.d1Ms - plain.inner) / 10);
      plainMs.push(plain.outer);
      overheadPerStep.push((run.outer - plain.outer) / 10);
    }
    // The sealed-policy check alone, per step, against the runner's whole per-step overhead.
    const policyPerStep: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) policyPerStep.push((await call("/policy-only")).inner / 10);
    const share = percentile(policyPerStep, 50) / percentile(overheadPerStep, 50);
    const policyShare = Math.round(share * 10_000) / 10_000;
    const openMs: number[] = [];
    const noopMs: number[] = [];
    for (let i = 0; i < ITERATIONS * 2; i++) {
      openMs.push((await call("/open50")).outer);
      noopMs.push((await call("/noop")).outer);
    }
    const openNet = openMs.map((ms, i) => ms - (noopMs[i] as number));
    const openOnly: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) openOnly.push((await call("/open50-only")).inner);

    const json = async <T>(path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${worker.url}${path}`, {
        method: "POST",
        headers: { "x-echo-url": echoUrl },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    type Usage = { statements: number; rowsRead: number; rowsWritten: number };
    type Size = { bytes: number; runs: number };
    const sizeBefore = await json<Size>("/size");
    const intakes: Usage[] = [];
    const executions: Usage[] = [];
    for (let i = 0; i < COST_RUNS; i++) {
      const { intake, run } = await json<{ intake: Usage; run: Usage }>("/intake-and-run", {
        publicKey: toPublicKey(pair),
      });
      intakes.push(intake);
      executions.push(run);
    }
    const sizeAfter = await json<Size>("/size");
    const purge = await json<{ purged: number; usage: Usage }>("/purge");
    const mean = (values: Usage[], key: keyof Usage) =>
      round(values.reduce((a, u) => a + u[key], 0) / values.length);
    const perRun = (u: Usage, n: number) => [
      round(u.statements / n),
      round(u.rowsRead / n),
      round(u.rowsWritten / n),
    ];
    const bytesPer1000 = ((sizeAfter.bytes - sizeBefore.bytes) / (sizeAfter.runs - sizeBefore.runs)) * 1000;
    const costRows = [
      [
        "intake (webhook lookup + queueRun with limits), per run",
        mean(intakes, "statements"),
        mean(intakes, "rowsRead"),
        mean(intakes, "rowsWritten"),
      ],
      [
        "run of 10 HTTP steps (claim → finish), per run",
        mean(executions, "statements"),
        mean(executions, "rowsRead"),
        mean(executions, "rowsWritten"),
      ],
      [
        "  the same, per step",
        round(mean(executions, "statements") / 10),
        round(mean(executions, "rowsRead") / 10),
        round(mean(executions, "rowsWritten") / 10),
      ],
      [
        "retention delete (run, its steps, by cascade), per run",
        ...perRun(purge.usage, Math.max(1, purge.purged)),
      ],
    ];
    const sizeRows = [["D1 size per 1,000 runs of 10 HTTP steps (KiB)", Math.round(bytesPer1000 / 1024)]];

    const PER_STEP = { per: 10 };
    const stepRows = [
      row("10 plain fetches (baseline), per step", plainMs, PER_STEP),
      row("runner, 10 http steps, per step", runMs, { ...PER_STEP, baseline: plainMs }),
      row("10 fetches + one D1 write each (persistence floor), per step", persistedMs, {
        ...PER_STEP,
        baseline: plainMs,
      }),
      row("runner overhead per step over the persistence floor", overFloor),
      row("runner overhead per step", overheadPerStep, { target: "≤ 2 ms at p50" }),
      row("  of which D1 persistence (batches timed inside the run)", d1PerStep),
      row("  runner overhead per step without D1 persistence", overheadWithoutD1),
      [
        "  of which the sealed-policy check (check + record, timed inside the Worker)",
        ...row("", policyPerStep).slice(1, 3),
        `${policyShare} of the overhead (p50)`,
        "≤ 0.05 of the overhead",
      ],
    ];
    const openRows = [
      row("empty request to the Worker (baseline)", noopMs),
      row("resolve 50 secrets (1 D1 query + 50 HPKE opens)", openMs, { baseline: noopMs }),
      row("resolve 50 secrets, net of the baseline", openNet, { target: "≤ 3 ms" }),
      row("50 HPKE opens alone (parallel), timed inside the Worker", openOnly, { target: "≤ 3 ms" }),
    ];
    const columns = ["what", "p50 ms", "p99 ms", "ratio to baseline (p50)", "target"];
    const machine = `Machine load average (1 min) ${loadBefore.toFixed(1)} before and ${(loadavg()[0] as number).toFixed(1)} after, on 2 cores shared with other jobs: absolute times scale with it, ratios less so.`;
    const result = {
      suite: "runner",
      sections: [
        {
          title: `Runner overhead per HTTP step (${ITERATIONS} runs of 10 steps, alternating with 10 plain fetches)`,
          columns,
          rows: stepRows,
          notes: [
            "Both sides run in the same workerd (wrangler's dev server in a process of its own, bundled once, inspector off) against the same local Node server; times measured by the bench process per request.",
            "Runner per step includes claim, secret resolution, rendering, Idempotency-Key, response read, masking and persistence: one D1 batch per step (previous step's result + this step's start), 13 D1 round trips per 10-step run.",
            machine,
            "The run must persist each step before the next, so one local D1 round trip per step is the floor of the overhead; the last two rows split it (D1 batches timed with Date.now inside the Worker, 1 ms resolution).",
          ],
        },
        {
          title: `D1 usage per run, from D1's own meta (${COST_RUNS} runs)`,
          columns: ["what", "statements", "rows read", "rows written"],
          rows: costRows,
          notes: [
            "rows_read and rows_written as D1 reports them in each result's meta (what Cloudflare bills; an index entry written counts as a row). Summed by a counting wrapper around the D1 binding in the bench Worker.",
            `The workflow: 10 HTTP steps, each one header with a secret and a ~30-byte JSON answer; the webhook trigger is ~60 bytes. ${purge.purged} runs were deleted by the retention job at the end.`,
          ],
        },
        {
          title: "D1 storage",
          columns: ["what", "value"],
          rows: sizeRows,
          notes: [
            `Database size as D1 reports it (meta.size_after) before and after ${sizeAfter.runs - sizeBefore.runs} runs (pages, indexes and free space included).`,
          ],
        },
        {
          title: `Opening 50 secrets (${ITERATIONS * 2} iterations)`,
          columns,
          rows: openRows,
          notes: [
            "Net = request time minus an empty request to the same Worker, paired per iteration.",
            "Keys are imported once per isolate (cached by kid); opens run in parallel.",
          ],
        },
      ],
    };
    for (const section of result.sections) {
      console.log(`\n${section.title}`);
      console.table(
        section.rows.map((row) => Object.fromEntries(section.columns.map((c, i) => [c, row[i]]))),
      );
    }
    mkdirSync(join(repo, "bench/results"), { recursive: true });
    writeFileSync(join(repo, "bench/results/runner.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("\nwrote bench/results/runner.json");
  } finally {
    await worker.stop();
    server.close();
  }
}

await main();
