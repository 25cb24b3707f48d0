// Relative on purpose: Vite externalises bare imports of a config file and Node 20 cannot load a .ts entry.

import { defineConfig } from "vitest/config";
import { ciReporters } from "../../tooling/vitest/index";

export default defineConfig({
  test: { include: ["src/**/*.test.ts"], reporters: ciReporters("templating") },
});
