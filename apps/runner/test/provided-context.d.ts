declare module "vitest" {
  export interface ProvidedContext {
    echoPort: number;
    slackPort: number;
    smtpPort: number;
    oauthPort: number;
    /** `{ app: { id, secret }, machine: { id, secret } }` of the test OAuth server. */
    oauthClients: string;
    sealingPrivateKeys: string;
    testPublicKeys: string;
  }
}

export {};
