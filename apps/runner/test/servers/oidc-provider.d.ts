// oidc-provider ships no types; only what the test OAuth server uses is declared.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  interface StoredToken {
    accountId?: string;
    clientId?: string;
    grantId?: string;
    isExpired: boolean;
    destroy(): Promise<void>;
  }
  interface TokenModel<T> {
    new (properties: Record<string, unknown>): T & { save(): Promise<string> };
    find(value: string): Promise<(T & StoredToken) | undefined>;
  }
  interface GrantInstance {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  interface InteractionDetails {
    prompt: { name: string };
    params: Record<string, unknown>;
    session?: { accountId?: string };
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: {
      new (properties: { accountId: string; clientId: string }): GrantInstance;
      find(id: string): Promise<(GrantInstance & { destroy(): Promise<void> }) | undefined>;
    };
    Client: { find(id: string): Promise<unknown> };
    AccessToken: TokenModel<StoredToken>;
    ClientCredentials: TokenModel<StoredToken>;
    RefreshToken: TokenModel<StoredToken>;
  }
}
