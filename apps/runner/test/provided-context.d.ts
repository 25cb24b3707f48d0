declare module "vitest" {
  export interface ProvidedContext {
    echoPort: number;
    slackPort: number;
    smtpPort: number;
    sealingPrivateKeys: string;
    testPublicKeys: string;
  }
}

export {};
