declare module "vitest" {
  export interface ProvidedContext {
    /** The API of the stack globalSetup started. */
    apiUrl: string;
    /** Base URL of the local echo server (the "payments API" of the seed examples). */
    echoUrl: string;
    /** Base URL of the Slack-compatible receiver. */
    slackUrl: string;
    smtpPort: number;
    /** Test-only control server: what the receivers got, and cron ticks of the stack. */
    controlUrl: string;
    /** Where test files leave canaries, sessions and API responses for the leak sweep. */
    recordDir: string;
    /** The stack's `--persist-to` (D1 files). */
    persistDir: string;
    /** Everything wrangler printed (stdout and stderr). */
    wranglerOutputFile: string;
    /** When the suite started (ms since epoch). */
    startedAt: number;
  }
}

export {};
