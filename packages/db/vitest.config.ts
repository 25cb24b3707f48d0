import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, queueProbeWorker, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";

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
          workers: [queueProbeWorker("workflow-secrets-runs")],
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
