import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
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
          // expect.poll waits up to 30 s; Playwright's own waits up to 45 s (chromium.ts).
          ...sharedTimeouts,
          testTimeout: 90_000,
          // One stack (globalSetup) for all files; each file launches its own Chromium.
          fileParallelism: false,
        },
      },
    ],
  },
});
