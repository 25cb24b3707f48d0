import { fromUtf8, utf8 } from "./encoding";
import { formatEnvelope, parseEnvelope } from "./envelope";
import { CryptoError } from "./errors";
import {
  importSealingPrivateKey,
  importSealingPublicKey,
  type SealingPrivateKey,
  type SealingPublicKey,
} from "./sealing-keys";
import { SEAL_INFO, sealingSuite } from "./suite";

export interface SealOptions {
  /** The deployment's current public key (`SEALING_PUBLIC_KEY`). */
  publicKey: SealingPublicKey;
  /** Where the value lives, from {@link buildSecretAad}: a ciphertext moved elsewhere will not open. */
  aad: string;
}

export interface OpenOptions {
  /** The runner's keyring (`SEALING_PRIVATE_KEYS`); the envelope's kid picks the key. */
  keyring: readonly SealingPrivateKey[];
  /** Must equal the aad given to {@link sealSecret}. */
  aad: string;
}

export interface SecretSlot {
  userId: string;
  secretId: string;
  version: number;
}

/**
 * The HPKE aad that binds a ciphertext to its owner, row and version:
 * `wfs/v1|user=<userId>|secret=<secretId>|version=<n>`.
 *
 * @example
 * const aad = buildSecretAad({ userId: user.id, secretId: row.id, version: row.version });
 */
export function buildSecretAad({ userId, secretId, version }: SecretSlot): string {
  // A `|` inside an id would let two different slots produce the same aad string.
  if (!isAadId(userId) || !isAadId(secretId)) {
    throw new CryptoError("malformed", "aad ids must be non-empty and must not contain '|' or '='");
  }
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new CryptoError("malformed", "aad version must be a positive integer");
  }
  return `wfs/v1|user=${userId}|secret=${secretId}|version=${version}`;
}

function isAadId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && !/[|=]/.test(id);
}

/**
 * Seals a secret for the deployment: only a holder of the matching private key can open it, and
 * only with the same aad. Returns `wfs1.<kid>.<enc>.<ct>`.
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

/**
 * Opens an envelope with the keyring entry its kid names.
 * Throws `CryptoError`: `malformed` (not an envelope), `unknown-key` (kid not in the keyring),
 * `tampered` (wrong aad or key, or any changed byte).
 */
export async function openSecret(envelope: string, { keyring, aad }: OpenOptions): Promise<string> {
  const { kid, enc, ct } = parseEnvelope(envelope);
  const entry = keyring.find((key) => key.kid === kid);
  if (!entry) {
    throw new CryptoError("unknown-key", `sealed with key "${kid}", which is not in the keyring`);
  }
  const recipientKey = await importSealingPrivateKey(entry);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await sealingSuite.open({ recipientKey, enc, info: SEAL_INFO }, ct, aadBytes(aad));
  } catch {
    // The library's own error is dropped on purpose: one fixed message, nothing from the input.
    throw new CryptoError(
      "tampered",
      `sealed secret (key "${kid}") failed authentication: wrong aad or key, or the envelope was changed`,
    );
  }
  try {
    return fromUtf8(plaintext);
  } catch {
    throw new CryptoError("malformed", "opened secret is not UTF-8 text");
  }
}

const LONE_SURROGATE = /\p{Surrogate}/u;

function aadBytes(aad: string): Uint8Array<ArrayBuffer> {
  if (typeof aad !== "string" || aad.length === 0)
    throw new CryptoError("malformed", "aad must be a non-empty string");
  return utf8(aad);
}
