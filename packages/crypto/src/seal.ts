import { utf8 } from "./encoding";
import { formatEnvelope } from "./envelope";
import { CryptoError } from "./errors";
import { importSealingPublicKey, type SealingPublicKey } from "./sealing-keys";
import { isAadId } from "./secret-aad";
import { SEAL_INFO, sealingSuite } from "./suite";

export interface SealOptions {
  /** The deployment's current public key (`SEALING_PUBLIC_KEY`). */
  publicKey: SealingPublicKey;
  /** Where the value lives, from `secretAadForRow` / `buildSealedSecretAad`: a ciphertext moved elsewhere will not open. */
  aad: string;
}

export interface TriggerSlot {
  userId: string;
  workflowId: string;
  runId: string;
}

/**
 * The HPKE aad of a run's sealed trigger (webhook request or manual input):
 * `wfs/trigger|user=<userId>|workflow=<workflowId>|run=<runId>`. Its own prefix, so a secret's
 * envelope never opens as a trigger nor a trigger's as a secret; moved to another run, workflow or
 * user, it fails as tampered.
 *
 * @example
 * const aad = buildTriggerAad({ userId: workflow.userId, workflowId: workflow.id, runId });
 */
export function buildTriggerAad({ userId, workflowId, runId }: TriggerSlot): string {
  if (!isAadId(userId) || !isAadId(workflowId) || !isAadId(runId)) {
    throw new CryptoError("malformed", "aad ids must be non-empty and must not contain '|' or '='");
  }
  return `wfs/trigger|user=${userId}|workflow=${workflowId}|run=${runId}`;
}

// In `u` mode a well-formed surrogate pair is one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Seals a secret for the deployment: only a holder of the matching private key can open it, and
 * only with the same aad. Returns `wfs1.<kid>.<enc>.<ct>`. Opened by `openSecret` (open.ts).
 *
 * @example
 * const envelope = await sealSecret(value, { publicKey: env.sealingPublicKey, aad });
 */
export async function sealSecret(plaintext: string, { publicKey, aad }: SealOptions): Promise<string> {
  if (typeof plaintext !== "string") throw new CryptoError("malformed", "plaintext must be a string");
  // A lone surrogate would be replaced by U+FFFD in UTF-8 and open as a different string.
  if (LONE_SURROGATE.test(plaintext))
    throw new CryptoError("malformed", "plaintext is not well-formed Unicode");
  const recipientPublicKey = await importSealingPublicKey(publicKey);
  const { ct, enc } = await sealingSuite.seal(
    { recipientPublicKey, info: SEAL_INFO },
    utf8(plaintext),
    aadBytes(aad),
  );
  return formatEnvelope({ kid: publicKey.kid, enc: new Uint8Array(enc), ct: new Uint8Array(ct) });
}

export function aadBytes(aad: string): Uint8Array<ArrayBuffer> {
  if (typeof aad !== "string" || aad.length === 0)
    throw new CryptoError("malformed", "aad must be a non-empty string");
  return utf8(aad);
}
