import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";
import { queueProbeScript } from "./test/queue-probe.ts";

const migrationsDir = fileURLToPath(new URL("../../packages/db/migrations", import.meta.url));

export default defineConfig(async () => {
  const migrations = await readD1Migrations(migrationsDir);
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SEALING_PUBLIC_KEY: inject("sealingPublicKey"),
            TEST_SEALING_PRIVATE_KEYS: inject("sealingPrivateKeys"),
          },
          serviceBindings: {
            QUEUE_PROBE: "queue-probe",
          },
          workers: [
            {
              name: "queue-probe",
              modules: true,
              script: queueProbeScript,
              compatibilityDate: "2026-04-01",
              queueConsumers: { "workflow-secrets-runs": { maxBatchTimeout: 0.05 } },
            },
          ],
        },
      })),
    ],
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      reporters: ciReporters("api"),
      ...sharedTimeouts,
    },
  };
});
