import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, queueProbeWorker, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";

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
            OAUTH_PORT: String(inject("oauthPort")),
            OAUTH_CLIENTS: inject("oauthClients"),
          },
          serviceBindings: {
            QUEUE_PROBE: "queue-probe",
          },
          workers: [queueProbeWorker("workflow-secrets-runs")],
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
