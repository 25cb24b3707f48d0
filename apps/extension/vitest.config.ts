import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";
// Relative on purpose: Vite externalises bare imports in a config file and Node 20 cannot load
// the package's .ts entry.
import { ciReporters } from "../../tooling/vitest/index";

/**
 * Two projects, one report: `unit` runs beside the code on WXT's fakeBrowser; `browser` builds the
 * extension and drives it in real Chromium against a real local API (tests/browser).
 */
export default defineConfig({
  test: {
    reporters: ciReporters("extension"),
    projects: [
      {
        plugins: [WxtVitest()],
        test: { name: "unit", include: ["src/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/browser/global-setup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
