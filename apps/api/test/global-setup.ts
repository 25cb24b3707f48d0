import { generateSealingKeyPair } from "@workflow-secrets/crypto";
import type { TestProject } from "vitest/node";
// The runner's reusable OAuth test server (oidc-provider on 127.0.0.1), redirecting to this API's callback.
import { OAUTH_CLIENTS, startOAuthServer } from "../../runner/test/servers/oauth-server";

/**
 * A fresh sealing key pair per test run (Node side). The API Worker gets only the public half, as in
 * production; the private half becomes a test-only binding so tests can open stored envelopes and
 * prove the aad binding.
 */
export default async function setup(project: TestProject) {
  const pair = await generateSealingKeyPair();
  project.provide("sealingPublicKey", JSON.stringify({ kid: pair.kid, publicJwk: pair.publicJwk }));
  project.provide("sealingPrivateKeys", JSON.stringify([{ kid: pair.kid, privateJwk: pair.privateJwk }]));
  const oauth = await startOAuthServer({ redirectUris: ["http://api.test/oauth/callback"] });
  project.provide("oauthPort", oauth.port);
  project.provide("oauthClients", JSON.stringify(OAUTH_CLIENTS));
  return () => oauth.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    sealingPublicKey: string;
    sealingPrivateKeys: string;
    oauthPort: number;
    oauthClients: string;
  }
}
