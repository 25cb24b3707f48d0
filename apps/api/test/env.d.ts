import type { D1Migration } from "@cloudflare/vitest-pool-workers";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      SEALING_PUBLIC_KEY: string;
      /** Test-only: the private half, to open stored envelopes in tests. The API never has it. */
      TEST_SEALING_PRIVATE_KEYS: string;
      QUEUE_PROBE: Fetcher;
      /** JSON list of the `period` of each rate limit in wrangler.jsonc. */
      TEST_DEPLOYED_RATE_PERIODS: string;
      /** The test OAuth server (apps/runner/test/servers/oauth-server.ts) on 127.0.0.1. */
      OAUTH_PORT: string;
      OAUTH_CLIENTS: string;
    }
  }
}
