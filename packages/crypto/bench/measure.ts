/**
 * Timing helpers that work in Node and inside workerd, whose clock only ticks in whole
 * milliseconds: there each sample times a batch of operations and reports the mean per operation.
 */
export interface Timing {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  samples: number;
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
 * Runs `op` `samples × batch` times after a warm-up. `op` gets the running index so it can pick
 * its input without allocating inside the timed region.
 */
export async function measure(
  op: (i: number) => Promise<unknown>,
  { samples, batch, warmup = 20 }: { samples: number; batch: number; warmup?: number },
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await op(i);
  const perOp: number[] = [];
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let b = 0; b < batch; b++) await op(s * batch + b);
    const elapsed = performance.now() - start;
    total += elapsed;
    perOp.push(elapsed / batch);
  }
  perOp.sort((a, b) => a - b);
  return {
    opsPerSec: total > 0 ? (samples * batch * 1000) / total : Number.POSITIVE_INFINITY,
    p50Ms: percentile(perOp, 0.5),
    p99Ms: percentile(perOp, 0.99),
    samples,
    batch,
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
