import { fromUtf8, toBase64Url } from "./encoding";
import { parseEnvelope } from "./envelope";
import { CryptoError } from "./errors";
import { createKeySchedule } from "./key-schedule";
import { aadBytes } from "./seal";
import { importSealingPrivateKey, type SealingPrivateKey } from "./sealing-keys";
import { SEAL_INFO, SEAL_KEY_BYTES, SEAL_SUITE_ID, sealingSuite } from "./suite";

export interface OpenOptions {
  /** The runner's keyring (`SEALING_PRIVATE_KEYS`); the envelope's kid picks the key. */
  keyring: readonly SealingPrivateKey[];
  /** Must equal the aad given to `sealSecret`. */
  aad: string;
  /** false: skip the per-isolate content-key cache (one-off opens, cold-path measurements). Default true. */
  cache?: boolean;
}

interface CachedContentKey {
  /** The private key it was derived with: a keyring that changes the key for a kid misses. */
  d: string;
  aesKey: CryptoKey;
  baseNonce: Uint8Array<ArrayBuffer>;
}

const keySchedule = createKeySchedule({ suiteId: SEAL_SUITE_ID, info: SEAL_INFO, keyBytes: SEAL_KEY_BYTES });

/**
 * Content keys of envelopes opened in this isolate, keyed by kid + enc (LRU). An HPKE open is one
 * P-256 ECDH plus a key schedule; the AES-256-GCM key it yields opens only that one envelope, so
 * keeping it (non-extractable, in memory, next to the private keyring that could re-derive it)
 * turns the next open of the same secret into a single AES-GCM decrypt. The aad and the tag are
 * still checked on every open, and no plaintext is ever kept.
 */
const contentKeys = new Map<string, CachedContentKey>();
const MAX_CONTENT_KEYS = 2048;

/**
 * Opens an envelope with the keyring entry its kid names.
 * Throws `CryptoError`: `malformed` (not an envelope), `unknown-key` (kid not in the keyring),
 * `tampered` (wrong aad or key, or any changed byte).
 *
 * @example
 * const value = await openSecret(row.envelope, { keyring, aad: buildSecretAad(slot) });
 */
export async function openSecret(
  envelope: string,
  { keyring, aad, cache = true }: OpenOptions,
): Promise<string> {
  const { kid, enc, ct } = parseEnvelope(envelope);
  const additionalData = aadBytes(aad);
  const entry = keyring.find((key) => key.kid === kid);
  if (!entry) {
    throw new CryptoError("unknown-key", `sealed with key "${kid}", which is not in the keyring`);
  }
  const cacheKey = `${kid}.${toBase64Url(enc)}`;
  const cached = cache ? contentKeys.get(cacheKey) : undefined;
  let content: CachedContentKey;
  if (cached && cached.d === entry.privateJwk.d) {
    content = cached;
  } else {
    const recipientKey = await importSealingPrivateKey(entry);
    content = await deriveContentKey(recipientKey, enc, entry.privateJwk.d, kid);
  }
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: content.baseNonce, additionalData },
      content.aesKey,
      ct,
    );
  } catch {
    throw tampered(kid);
  }
  if (cache && content !== cached) remember(cacheKey, content);
  try {
    return fromUtf8(plaintext);
  } catch {
    throw new CryptoError("malformed", "opened secret is not UTF-8 text");
  }
}

/** Forgets every cached content key (tests; a runner never needs to). */
export function clearOpenCache(): void {
  contentKeys.clear();
}

/** HPKE Decap (by @hpke/core: point validation, ECDH, ExtractAndExpand), then the key schedule. */
async function deriveContentKey(
  recipientKey: CryptoKeyPair,
  enc: Uint8Array<ArrayBuffer>,
  d: string,
  kid: string,
): Promise<CachedContentKey> {
  let sharedSecret: ArrayBuffer;
  try {
    sharedSecret = await sealingSuite.kem.decap({ recipientKey, enc });
  } catch {
    // An enc that is not a point on P-256 is an edited envelope.
    throw tampered(kid);
  }
  const { key, baseNonce } = await keySchedule(sharedSecret);
  const aesKey = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["decrypt"]);
  return { d, aesKey, baseNonce };
}

function remember(cacheKey: string, content: CachedContentKey): void {
  contentKeys.delete(cacheKey);
  if (contentKeys.size >= MAX_CONTENT_KEYS) contentKeys.delete(contentKeys.keys().next().value as string);
  contentKeys.set(cacheKey, content);
}

function tampered(kid: string): CryptoError {
  // One fixed message: nothing from the input or from lower layers can reach it.
  return new CryptoError(
    "tampered",
    `sealed secret (key "${kid}") failed authentication: wrong aad or key, or the envelope was changed`,
  );
}
