import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, queueProbeWorker, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";

const migrationsDir = fileURLToPath(new URL("../../packages/db/migrations", import.meta.url));
/** The `period` of each rate limit in wrangler.jsonc, for the test that the API announces the same. */
const deployedRatePeriods = [
  ...readFileSync(new URL("./wrangler.jsonc", import.meta.url), "utf8").matchAll(/"period":\s*(\d+)/g),
].map((m) => Number(m[1]));

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
            TEST_DEPLOYED_RATE_PERIODS: JSON.stringify(deployedRatePeriods),
            OAUTH_PORT: String(inject("oauthPort")),
            OAUTH_CLIENTS: inject("oauthClients"),
          },
          serviceBindings: {
            QUEUE_PROBE: "queue-probe",
          },
          // Small webhook rate limits so a test can cross them in a few requests (the real binding,
          // counting as it does under `wrangler dev`); wrangler.jsonc holds the deployed numbers.
          ratelimits: {
            WEBHOOK_RATE_LIMIT: { simple: { limit: 6, period: 10 } },
            USER_WEBHOOK_RATE_LIMIT: { simple: { limit: 10, period: 10 } },
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
