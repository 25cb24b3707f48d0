import { join } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { ciReporters, sharedTimeouts } from "@workflow-secrets/vitest-config";
import { defineConfig } from "vitest/config";
import { vendorQuickJsWasm } from "./scripts/vendor-quickjs.ts";

export default defineConfig(async () => {
  vendorQuickJsWasm();
  const migrations = await readD1Migrations(join(import.meta.dirname, "../../packages/db/migrations"));
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SEALING_PRIVATE_KEYS: inject("sealingPrivateKeys"),
            TEST_PUBLIC_KEYS: inject("testPublicKeys"),
            ECHO_PORT: String(inject("echoPort")),
            SLACK_PORT: String(inject("slackPort")),
            SMTP_PORT: String(inject("smtpPort")),
            OAUTH_PORT: String(inject("oauthPort")),
            OAUTH_CLIENTS: inject("oauthClients"),
            // The test servers listen on 127.0.0.1; egress.test.ts turns this off to check the refusals.
            ALLOW_PRIVATE_NETWORK: "true",
          },
        },
      })),
    ],
    test: {
      include: ["src/**/*.test.ts"],
      // One workerd runtime for all files (storage shared, tests use unique ids): ~25 s instead
      // of a runtime start per file.
      isolate: false,
      globalSetup: ["./test/global-setup.ts"],
      setupFiles: ["./test/worker/apply-migrations.ts"],
      reporters: ciReporters("runner"),
      ...sharedTimeouts,
    },
  };
});
