/**
 * Cost of building a masker: wall and CPU time and heap growth (after GC) for 1,000 secrets of
 * 32–64 characters and for 30 secrets of 16 KiB (the size cap). Run: tsx --expose-gc bench/build-cost.ts
 */
import { clearMaskerCache, createMasker } from "../src/index";
import { makeSecrets } from "./fixture";
import { gc, memory, round } from "./measure";
import { clearMaskerCache as clearPrevious } from "./previous/cache";
import { createMasker as createPrevious } from "./previous/masker";

export const BUILD_CASES = [
  { label: "1,000 × 32–64 chars", secrets: () => makeSecrets(1000, 32, 64, 77) },
  { label: "30 × 16 KiB", secrets: () => makeSecrets(30, 16 * 1024, 16 * 1024, 78) },
];

type Secrets = { name: string; value: string }[];
export const BUILDERS = {
  current: { create: (s: Secrets) => createMasker(s), clear: clearMaskerCache },
  previous: { create: (s: Secrets) => createPrevious(s), clear: clearPrevious },
};

/** Best of 3 builds after one warm-up (CPU time picks the best). */
export function bestBuild(secrets: Secrets, builder: keyof typeof BUILDERS) {
  measureBuild(secrets, builder);
  const runs = [0, 1, 2].map(() => measureBuild(secrets, builder));
  return runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
}

export function measureBuild(secrets: Secrets, builder: keyof typeof BUILDERS = "current") {
  const { create, clear } = BUILDERS[builder];
  clear();
  gc();
  const before = memory();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let masker: unknown = create(secrets);
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
    for (const builder of ["previous", "current"] as const) {
      console.log(c.label, builder, JSON.stringify(bestBuild(secrets, builder)));
    }
  }
}
