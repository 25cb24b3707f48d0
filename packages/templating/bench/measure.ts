/** Timing and memory helpers for the bench (run with --expose-gc). */

export const MB = 1e6;

export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("run with --expose-gc (pnpm bench does)");
  collect();
  collect();
}

export function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Best wall time of `runs` runs, in ms. */
export function best(runs: number, fn: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** Best CPU time (user + system of this process) of `runs` runs, in ms. */
export function bestCpu(runs: number, fn: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    min = Math.min(min, (used.user + used.system) / 1000);
  }
  return min;
}

/**
 * Feeds `text` through a TransformStream in `chunk`-sized pieces, as a log shipper would. The time
 * stops when the last chunk is read; joining the chunks into one string (for the equality check)
 * is not counted, as a consumer writes chunks out one by one.
 */
export async function pump(stream: TransformStream<string, string>, text: string, chunk: number) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const parts: string[] = [];
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
  })();
  const writer = stream.writable.getWriter();
  for (let i = 0; i < text.length; i += chunk) await writer.write(text.slice(i, i + chunk));
  await writer.close();
  await reading;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, out: parts.join("") };
}

/**
 * Throughput of a slow baseline, time-boxed: grow the slice until one run takes ≥ 300 ms (or the
 * whole text is used), then report MB/s on that slice. Returns the slice size used.
 */
export function sliceThroughput(text: string, fn: (t: string) => unknown): { mbps: number; slice: number } {
  let size = 16 * 1024;
  for (;;) {
    const slice = text.slice(0, size);
    const ms = best(1, () => fn(slice));
    if (ms >= 300 || size >= text.length)
      return { mbps: slice.length / MB / (ms / 1000), slice: slice.length };
    size = Math.min(text.length, size * Math.max(2, Math.ceil(400 / Math.max(ms, 1))));
  }
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
