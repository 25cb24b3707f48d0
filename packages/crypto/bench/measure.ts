/**
 * Timing helpers that work in Node and inside workerd, whose clock only ticks in whole
 * milliseconds: there each sample times a batch of operations and reports the mean per operation.
 */
export interface Timing {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
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

/**
 * Runs `op` `samples` times after a warm-up, timing each call. With `minBatchMs` (for a coarse
 * clock) each sample instead repeats `op` until at least that long has passed and records the mean
 * per call, so a 1 ms clock step costs at most 1/minBatchMs of precision whatever the load.
 * `op` gets a running index so it can pick its input without allocating inside the timed region.
 */
export async function measure(
  op: (i: number) => Promise<unknown>,
  { samples, warmup = 20, minBatchMs = 0 }: { samples: number; warmup?: number; minBatchMs?: number },
): Promise<Timing> {
  let i = 0;
  for (; i < warmup; i++) await op(i);
  const perOp: number[] = [];
  let total = 0;
  let ops = 0;
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    let elapsed = 0;
    let n = 0;
    do {
      await op(i++);
      n++;
      elapsed = performance.now() - start;
    } while (elapsed < minBatchMs);
    total += elapsed;
    ops += n;
    perOp.push(elapsed / n);
  }
  perOp.sort((a, b) => a - b);
  return {
    opsPerSec: total > 0 ? (ops * 1000) / total : Number.POSITIVE_INFINITY,
    p50Ms: percentile(perOp, 0.5),
    p99Ms: percentile(perOp, 0.99),
    samples,
    batch: Math.round(ops / samples),
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
