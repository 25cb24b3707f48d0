import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";

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
