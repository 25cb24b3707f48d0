import { ciReporters } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

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
