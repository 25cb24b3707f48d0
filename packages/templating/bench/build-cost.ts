/**
 * Cost of building a masker: wall and CPU time and heap growth (after GC) for 1,000 secrets of
 * 32–64 characters and for 30 secrets of 16 KiB (the size cap). Run: tsx --expose-gc bench/build-cost.ts
 */
import { clearMaskerCache, createMasker } from "../src/index";
import { makeSecrets } from "./fixture";
import { gc, memory, round } from "./measure";

export const BUILD_CASES = [
  { label: "1,000 × 32–64 chars", secrets: () => makeSecrets(1000, 32, 64, 77) },
  { label: "30 × 16 KiB", secrets: () => makeSecrets(30, 16 * 1024, 16 * 1024, 78) },
];

export function measureBuild(secrets: { name: string; value: string }[]) {
  clearMaskerCache();
  gc();
  const before = memory();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let masker: unknown = createMasker(secrets);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  gc();
  const growthMiB = (memory() - before) / 2 ** 20;
  masker = undefined;
  void masker;
  return {
    ms: round(ms, 1),
    cpuMs: round((cpu.user + cpu.system) / 1000, 1),
    growthMiB: round(growthMiB, 2),
  };
}

if (process.argv[1]?.endsWith("build-cost.ts")) {
  for (const c of BUILD_CASES) {
    const secrets = c.secrets();
    measureBuild(secrets); // first build in the process: JIT warm-up
    const runs = [measureBuild(secrets), measureBuild(secrets), measureBuild(secrets)];
    const bestRun = runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    console.log(c.label, JSON.stringify(bestRun));
  }
}
