/**
 * Timing helpers that work in Node and inside workerd, whose clock only ticks in whole
 * milliseconds: there each sample times a batch of operations and reports the mean per operation.
 */
export interface Timing {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Fastest sample: closest to the uncontended cost when other jobs load the machine. */
  minMs: number;
  samples: number;
  /** Mean calls per sample: 1 when each call is timed alone. */
  batch: number;
}

/** Smallest step of `performance.now()` seen, in ms (about 0.001 in Node, 1 in workerd). */
export function clockResolutionMs(): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    let now = start;
    while (now === start) now = performance.now();
    smallest = Math.min(smallest, now - start);
  }
  return smallest;
}

type Op = (i: number) => Promise<unknown>;

/**
 * Times several ops in interleaved rounds (one sample of each per round), so a burst of load from
 * other processes hits every op alike and the ratios between them stay meaningful.
 * Each sample times one call, or with `minBatchMs` (for a coarse clock) repeats the call until at
 * least that long has passed and records the mean, so a 1 ms clock step costs at most
 * 1/minBatchMs of precision. `op` gets a running index to pick its input outside the timed region.
 */
export async function measureTogether<K extends string>(
  ops: Record<K, Op>,
  { samples, warmup = 20, minBatchMs = 0 }: { samples: number; warmup?: number; minBatchMs?: number },
): Promise<Record<K, Timing>> {
  const names = Object.keys(ops) as K[];
  const state = names.map((name) => ({
    name,
    op: ops[name],
    perOp: [] as number[],
    total: 0,
    calls: 0,
    i: 0,
  }));
  for (const s of state) for (; s.i < warmup; s.i++) await s.op(s.i);
  for (let round = 0; round < samples; round++) {
    for (const s of state) {
      const start = performance.now();
      let elapsed = 0;
      let n = 0;
      do {
        await s.op(s.i++);
        n++;
        elapsed = performance.now() - start;
      } while (elapsed < minBatchMs);
      s.total += elapsed;
      s.calls += n;
      s.perOp.push(elapsed / n);
    }
  }
  const result = {} as Record<K, Timing>;
  for (const s of state) {
    s.perOp.sort((a, b) => a - b);
    result[s.name] = {
      opsPerSec: s.total > 0 ? (s.calls * 1000) / s.total : Number.POSITIVE_INFINITY,
      p50Ms: percentile(s.perOp, 0.5),
      p99Ms: percentile(s.perOp, 0.99),
      minMs: s.perOp[0] ?? Number.NaN,
      samples,
      batch: Math.round(s.calls / samples),
    };
  }
  return result;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
