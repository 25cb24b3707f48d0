import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";
import { queueProbeScript } from "./test/queue-probe.ts";

const migrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));

// The lifecycle runs where the Workers run it: in workerd, on a local D1 with the real migrations and
// a real Queue whose consumer (the probe) records every message.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(migrationsDir);
  return {
    plugins: [
      cloudflareTest({
        main: "./test/worker.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations },
          // An empty database for the migration tests: they stop part-way, seed old rows, then migrate.
          d1Databases: { MIGRATION_DB: "migration-test" },
          serviceBindings: { QUEUE_PROBE: "queue-probe" },
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
      }),
    ],
    test: {
      include: ["src/**/*.test.ts"],
      setupFiles: ["./test/apply-migrations.ts"],
      reporters: ciReporters("db"),
      ...sharedTimeouts,
    },
  };
});
