import { concatBytes, fromBase64Url, toBase64Url } from "./encoding";
import { CryptoError } from "./errors";
import { type EcPrivateJwk, type EcPublicJwk, publicPartOf, readEcJwk } from "./jwk";
import { ECDH_P256 } from "./suite";

/** What the API holds (`SEALING_PUBLIC_KEY`): it can seal, never open. */
export interface SealingPublicKey {
  kid: string;
  publicJwk: EcPublicJwk;
}

/** One entry of the runner's keyring (`SEALING_PRIVATE_KEYS`, newest first). */
export interface SealingPrivateKey {
  kid: string;
  privateJwk: EcPrivateJwk;
}

export interface SealingKeyPair extends SealingPublicKey, SealingPrivateKey {}

/** What a kid looks like (base64url); anything else is refused before it reaches a message. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Bytes of SHA-256 kept in a kid: 64 bits tell a deployment's few keys apart with room to spare. */
const KID_BYTES = 8;

/**
 * A short, stable fingerprint of a public key: base64url of the first 8 bytes of SHA-256 over
 * its raw SEC1 form (`04 || x || y`). The same key always gets the same kid, in every runtime.
 */
export async function computeKid(publicJwk: EcPublicJwk): Promise<string> {
  const x = fromBase64Url(publicJwk.x);
  const y = fromBase64Url(publicJwk.y);
  if (!x || !y) throw new CryptoError("malformed", "public key has invalid coordinates");
  const digest = await crypto.subtle.digest("SHA-256", concatBytes(new Uint8Array([4]), x, y));
  return toBase64Url(new Uint8Array(digest, 0, KID_BYTES));
}

export async function generateSealingKeyPair(): Promise<SealingKeyPair> {
  const pair = (await crypto.subtle.generateKey(ECDH_P256, true, ["deriveBits"])) as CryptoKeyPair;
  const exported = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const privateJwk = readEcJwk(exported, true);
  if (typeof privateJwk === "string")
    throw new CryptoError("malformed", "generated key could not be exported");
  const publicJwk = publicPartOf(privateJwk);
  return { kid: await computeKid(publicJwk), publicJwk, privateJwk };
}

/** The API's half of a pair, or of a keyring entry (its public part is inside the private JWK). */
export function toPublicKey(key: SealingKeyPair | SealingPrivateKey): SealingPublicKey {
  return { kid: key.kid, publicJwk: publicPartOf("publicJwk" in key ? key.publicJwk : key.privateJwk) };
}

export function toKeyringEntry(pair: SealingKeyPair): SealingPrivateKey {
  return { kid: pair.kid, privateJwk: pair.privateJwk };
}

// Imported CryptoKeys cached by kid. An entry is reused only when the JWK is the same one, so a
// keyring that maps a kid to a different key can never open with a stale cached key.
const MAX_CACHED = 64;
const publicKeys = new Map<string, { jwk: EcPublicJwk; key: Promise<CryptoKey> }>();
const privateKeys = new Map<string, { jwk: EcPrivateJwk; pair: Promise<CryptoKeyPair> }>();

/** Imports (once per isolate) the public key used to seal, checking its kid is its fingerprint. */
export async function importSealingPublicKey(publicKey: SealingPublicKey): Promise<CryptoKey> {
  const kid = checkedKid(publicKey.kid);
  const cached = publicKeys.get(kid);
  if (cached && sameJwk(cached.jwk, publicKey.publicJwk)) return await cached.key;
  const jwk = readEcJwk(publicKey.publicJwk, false);
  if (typeof jwk === "string") throw new CryptoError("malformed", `public key "${kid}" ${jwk}`);
  const key = checkKid(kid, jwk).then(() => crypto.subtle.importKey("jwk", jwk, ECDH_P256, true, []));
  remember(publicKeys, kid, { jwk, key }, key);
  try {
    return await key;
  } catch (error) {
    throw asKeyError(error, kid);
  }
}

/**
 * Imports (once per isolate) a keyring entry as the pair HPKE needs to open. The private half is
 * not extractable; passing the public half too spares HPKE deriving it on every open.
 */
export async function importSealingPrivateKey(entry: SealingPrivateKey): Promise<CryptoKeyPair> {
  const kid = checkedKid(entry.kid);
  const cached = privateKeys.get(kid);
  if (cached && sameJwk(cached.jwk, entry.privateJwk)) return await cached.pair;
  const jwk = readEcJwk(entry.privateJwk, true);
  if (typeof jwk === "string") throw new CryptoError("malformed", `keyring entry "${kid}" ${jwk}`);
  const pair = checkKid(kid, jwk).then(async () => ({
    privateKey: await crypto.subtle.importKey("jwk", jwk, ECDH_P256, false, ["deriveBits"]),
    publicKey: await crypto.subtle.importKey("jwk", publicPartOf(jwk), ECDH_P256, true, []),
  }));
  remember(privateKeys, kid, { jwk, pair }, pair);
  try {
    return await pair;
  } catch (error) {
    throw asKeyError(error, kid);
  }
}

function checkedKid(kid: unknown): string {
  if (typeof kid !== "string" || !KID_PATTERN.test(kid))
    throw new CryptoError("malformed", "key has no valid kid");
  return kid;
}

async function checkKid(kid: string, jwk: EcPublicJwk): Promise<void> {
  if ((await computeKid(jwk)) !== kid) {
    throw new CryptoError("malformed", `key "${kid}": kid is not the fingerprint of its key`);
  }
}

function sameJwk(cached: EcPublicJwk | EcPrivateJwk, given: unknown): boolean {
  const jwk = given as Partial<EcPrivateJwk> | null;
  return jwk?.x === cached.x && jwk.y === cached.y && jwk.d === (cached as Partial<EcPrivateJwk>).d;
}

function remember<V>(cache: Map<string, V>, kid: string, value: V, settled: Promise<unknown>): void {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(kid, value);
  // A key that failed to import is not cached: the next call reports the error again.
  settled.catch(() => {
    if (cache.get(kid) === value) cache.delete(kid);
  });
}

function asKeyError(error: unknown, kid: string): CryptoError {
  if (error instanceof CryptoError) return error;
  return new CryptoError("malformed", `key "${kid}" is not a valid P-256 key`);
}
