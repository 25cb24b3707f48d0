declare module "vitest" {
  export interface ProvidedContext {
    /** The real API (and runner) globalSetup started on a free port. */
    apiUrl: string;
    /** The echo server workflows in the run test call. */
    echoUrl: string;
    /** The built extension (wxt build output) Chromium loads. */
    extensionDir: string;
    /** The test OAuth server (oidc-provider) and its clients, `{ app: { id, secret }, … }` as JSON. */
    oauthUrl: string;
    oauthClients: string;
  }
}

export {};
