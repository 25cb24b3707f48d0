declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
      /** JSON `{ newest, older }`: public halves of the keyring, for sealing test rows. */
      TEST_PUBLIC_KEYS: string;
      ECHO_PORT: string;
      SLACK_PORT: string;
      SMTP_PORT: string;
      OAUTH_PORT: string;
      OAUTH_CLIENTS: string;
    }
  }
}

export {};
