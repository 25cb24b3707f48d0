/**
 * `pnpm --filter @workflow-secrets/crypto bench`: seal/open in Node 20 and inside workerd, each
 * beside raw AES-256-GCM of the same bytes measured in the same run. Prints a table and writes
 * bench/results/crypto.json at the repo root.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startWorker } from "@workflow-secrets/stack";
import { type CryptoBenchResult, runCryptoBench } from "./crypto-bench";
import type { Timing } from "./measure";

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, "../../../bench/results/crypto.json");
const TARGET_OPEN_P50_MS = 0.15;
const TARGET_PARALLEL_MS = 3;

async function runInWorkerd(): Promise<CryptoBenchResult> {
  const worker = await startWorker({ config: join(here, "wrangler.bench.jsonc"), readyPath: "/" });
  try {
    const response = await fetch(`${worker.url}/run`);
    if (!response.ok) throw new Error(`bench worker answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as CryptoBenchResult;
  } finally {
    await worker.stop();
  }
}

const ms = (n: number) => Number(n.toFixed(3));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : "n/a");
const timingCells = (t: Timing) => [Math.round(t.opsPerSec), ms(t.p50Ms), ms(t.p99Ms)];
const met = (value: number, limit: number) => (value <= limit ? "yes" : "NO");

function sealOpenRows(result: CryptoBenchResult): (string | number)[][] {
  return result.sizes.flatMap(({ bytes, seal, openCold, openWarm, openLibrary, aesEncrypt, aesDecrypt }) => {
    const size = bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`;
    const row = (name: string, t: Timing, baseline: string, b: Timing) => [
      name,
      size,
      ...timingCells(t),
      baseline,
      ...timingCells(b),
      ratio(t.p50Ms, b.p50Ms),
    ];
    return [
      row("HPKE seal", seal, "AES-256-GCM encrypt", aesEncrypt),
      row("HPKE open, cold (ECDH + key schedule)", openCold, "AES-256-GCM decrypt", aesDecrypt),
      row("HPKE open, warm (cached content key)", openWarm, "AES-256-GCM decrypt", aesDecrypt),
      row("(for reference) @hpke/core suite.open", openLibrary, "AES-256-GCM decrypt", aesDecrypt),
    ];
  });
}

function method(result: CryptoBenchResult): string {
  const sample = result.sizes[0]?.openCold;
  return sample && sample.batch > 1
    ? `${result.runtime}: clock step ${result.clockResolutionMs} ms, so each of ${sample.samples} samples repeats the op for >= 10 ms (cold open: ~${sample.batch} calls per sample) and p50/p99 are over those per-sample means`
    : `${result.runtime}: each of ${sample?.samples} samples times one op (clock step ${ms(result.clockResolutionMs * 1000)} us)`;
}

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  console.log("Node 20 ...");
  const node = await runCryptoBench(`node ${process.version}`);
  console.log("workerd (wrangler dev server) ...");
  const workerd = await runInWorkerd();

  const columns = [
    "operation",
    "size",
    "ops/s",
    "p50 ms",
    "p99 ms",
    "baseline",
    "baseline ops/s",
    "baseline p50 ms",
    "baseline p99 ms",
    "p50 ratio",
  ];
  const small = workerd.sizes.find((s) => s.bytes === 100) as CryptoBenchResult["sizes"][number];
  const sections = [
    { title: "Seal and open vs raw AES-256-GCM: workerd", columns, rows: sealOpenRows(workerd) },
    { title: "Seal and open vs raw AES-256-GCM: Node 20", columns, rows: sealOpenRows(node) },
    {
      title: "Resolve 50 secrets in parallel (Promise.all of 50 opens)",
      columns: [
        "runtime",
        "path",
        "p50 ms",
        "p99 ms",
        "baseline: 50 AES-256-GCM decrypts p50 ms",
        "p50 ratio",
      ],
      rows: [workerd, node].flatMap((r) =>
        (["openCold", "openWarm"] as const).map((path) => [
          r.runtime,
          path === "openCold" ? "cold" : "warm",
          ms(r.parallel[path].p50Ms),
          ms(r.parallel[path].p99Ms),
          ms(r.parallel.aesDecrypt.p50Ms),
          ratio(r.parallel[path].p50Ms, r.parallel.aesDecrypt.p50Ms),
        ]),
      ),
    },
    {
      title: "Floor: one P-256 ECDH, which every cold open needs (one per envelope)",
      columns: [
        "runtime",
        "ECDH deriveBits p50 ms",
        "cold open 100 B p50 ms",
        "cold open / ECDH",
        "50 x ECDH ms",
      ],
      rows: [workerd, node].map((r) => {
        const cold = r.sizes.find((s) => s.bytes === 100)?.openCold.p50Ms ?? Number.NaN;
        return [r.runtime, ms(r.ecdh.p50Ms), ms(cold), ratio(cold, r.ecdh.p50Ms), ms(50 * r.ecdh.p50Ms)];
      }),
    },
    {
      title: "Targets (workerd)",
      columns: ["target", "p50 ms", "fastest sample ms", "limit ms", "p50 met"],
      rows: [
        ["open 100 B, cold", small.openCold, TARGET_OPEN_P50_MS],
        ["open 100 B, warm", small.openWarm, TARGET_OPEN_P50_MS],
        ["50 opens in parallel, cold", workerd.parallel.openCold, TARGET_PARALLEL_MS],
        ["50 opens in parallel, warm", workerd.parallel.openWarm, TARGET_PARALLEL_MS],
      ].map(([name, t, limit]) => {
        const timing = t as Timing;
        return [
          name as string,
          ms(timing.p50Ms),
          ms(timing.minMs),
          limit as number,
          met(timing.p50Ms, limit as number),
        ];
      }),
    },
  ];
  const notes = [
    "HPKE = RFC 9180 base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. Seal: @hpke/core. Open: @hpke/core Decap + key schedule with precomputed constants; imported private keys are cached by kid.",
    "cold = first open of an envelope in the isolate (cache: false): one ECDH + HKDF + AES-GCM. warm = the envelope's content key is cached in the isolate (kid + enc), so the open is one AES-256-GCM decrypt that still checks aad and tag.",
    "Baseline = one WebCrypto AES-256-GCM call on the same bytes with the same aad, measured in the same run and runtime.",
    method(workerd),
    method(node),
    "workerd timings are taken inside the Worker (served by wrangler's dev server in a process of its own, bundled once, inspector off); the loopback fetch is not timed.",
    `Machine: ${cpus().length} cores shared with other jobs; 1-minute load average ${loadAtStart.toFixed(1)} at start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end, so p99 (and p50 under load) is noisy.`,
  ];

  for (const section of sections) {
    console.log(`\n${section.title}`);
    console.table(section.rows.map((row) => Object.fromEntries(section.columns.map((c, i) => [c, row[i]]))));
  }
  for (const note of notes) console.log(`- ${note}`);

  mkdirSync(dirname(resultsFile), { recursive: true });
  const report = { suite: "crypto", sections: sections.map((s, i) => (i === 0 ? { ...s, notes } : s)) };
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${resultsFile}`);
}

await main();
