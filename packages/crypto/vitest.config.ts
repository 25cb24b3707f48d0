import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
// Relative on purpose: Vite externalises bare imports of a config file and Node 20 cannot load the
// package's .ts entry, so `@workflow-secrets/vitest-config` fails to load here.
import { ciReporters, sharedTimeouts } from "../../tooling/vitest/index";

// The same test files run twice: in Node, and inside workerd (the runtime the API and runner use).
export default defineConfig({
  test: {
    reporters: ciReporters("crypto"),
    projects: [
      {
        test: {
          name: "node",
          include: ["src/**/*.test.ts", "test/**/*.node.test.ts"],
          environment: "node",
          ...sharedTimeouts,
        },
      },
      {
        plugins: [cloudflareTest({ main: "./test/worker.ts", wrangler: { configPath: "./wrangler.jsonc" } })],
        test: { name: "workerd", include: ["src/**/*.test.ts"], ...sharedTimeouts },
      },
    ],
  },
});
