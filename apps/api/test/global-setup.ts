import { generateSealingKeyPair } from "@workflow-secrets/crypto";
import type { TestProject } from "vitest/node";

/**
 * A fresh sealing key pair per test run (Node side). The API Worker gets only the public half, as in
 * production; the private half becomes a test-only binding so tests can open stored envelopes and
 * prove the aad binding.
 */
export default async function setup(project: TestProject) {
  const pair = await generateSealingKeyPair();
  project.provide("sealingPublicKey", JSON.stringify({ kid: pair.kid, publicJwk: pair.publicJwk }));
  project.provide("sealingPrivateKeys", JSON.stringify([{ kid: pair.kid, privateJwk: pair.privateJwk }]));
}

declare module "vitest" {
  export interface ProvidedContext {
    sealingPublicKey: string;
    sealingPrivateKeys: string;
  }
}
