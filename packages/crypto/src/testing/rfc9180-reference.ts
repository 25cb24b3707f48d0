/**
 * A small, test-only RFC 9180 base-mode implementation for DHKEM(P-256, HKDF-SHA256) and
 * HKDF-SHA256 on raw WebCrypto (ECDH, HMAC, AES-GCM), written from the RFC's pseudocode. It is
 * checked against the RFC's own vectors, then used as the second opinion for AES-256-GCM, the AEAD
 * we ship and for which the RFC appendix has no P-256 vector.
 */
import { concatBytes, toBase64Url, utf8 } from "../encoding";

const KEM_P256_HKDF_SHA256 = 0x0010;
const KDF_HKDF_SHA256 = 0x0001;
const HASH_BYTES = 32;
const NONCE_BYTES = 12;
const ECDH = { name: "ECDH", namedCurve: "P-256" } as const;

export const AEAD_AES_128_GCM = 0x0001;
export const AEAD_AES_256_GCM = 0x0002;

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function i2osp(value: number, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let i = length - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
  return out;
}

async function hmacSha256(
  key: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  // An empty HKDF salt means HashLen zero bytes (RFC 5869 §2.2); WebCrypto refuses empty HMAC keys.
  const raw = key.length === 0 ? new Uint8Array(HASH_BYTES) : key;
  const hmacKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, data));
}

async function hkdfExpand(prk: Uint8Array<ArrayBuffer>, info: Uint8Array<ArrayBuffer>, length: number) {
  const out = new Uint8Array(length);
  let block = new Uint8Array(0);
  for (let i = 1, offset = 0; offset < length; i++) {
    block = await hmacSha256(prk, concatBytes(block, info, new Uint8Array([i])));
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

function labeledExtract(suiteId: Uint8Array, salt: Uint8Array<ArrayBuffer>, label: string, ikm: Uint8Array) {
  return hmacSha256(salt, concatBytes(utf8("HPKE-v1"), suiteId, utf8(label), ikm));
}

function labeledExpand(
  suiteId: Uint8Array,
  prk: Uint8Array<ArrayBuffer>,
  label: string,
  info: Uint8Array,
  length: number,
) {
  return hkdfExpand(prk, concatBytes(i2osp(length, 2), utf8("HPKE-v1"), suiteId, utf8(label), info), length);
}

const KEM_SUITE_ID = concatBytes(utf8("KEM"), i2osp(KEM_P256_HKDF_SHA256, 2));

function hpkeSuiteId(aeadId: number) {
  return concatBytes(
    utf8("HPKE"),
    i2osp(KEM_P256_HKDF_SHA256, 2),
    i2osp(KDF_HKDF_SHA256, 2),
    i2osp(aeadId, 2),
  );
}

/** RFC 9180 §4.1 ExtractAndExpand over a DH result. */
async function kemSharedSecret(dh: Uint8Array<ArrayBuffer>, enc: Uint8Array, pkRm: Uint8Array) {
  const eaePrk = await labeledExtract(KEM_SUITE_ID, new Uint8Array(0), "eae_prk", dh);
  return labeledExpand(KEM_SUITE_ID, eaePrk, "shared_secret", concatBytes(enc, pkRm), HASH_BYTES);
}

/** A P-256 private key from its raw scalar and public point, via JWK (WebCrypto has no raw EC private import). */
export function privateJwkFromRaw(skRm: Uint8Array, pkRm: Uint8Array): JsonWebKey {
  return {
    kty: "EC",
    crv: "P-256",
    d: toBase64Url(skRm),
    x: toBase64Url(pkRm.subarray(1, 33)),
    y: toBase64Url(pkRm.subarray(33, 65)),
  };
}

/** Decap (RFC 9180 §4.1) for a recipient given as a private JWK. */
export async function decap(privateJwk: JsonWebKey, enc: Uint8Array<ArrayBuffer>) {
  const skR = await crypto.subtle.importKey("jwk", privateJwk, ECDH, true, ["deriveBits"]);
  const { d: _d, ...publicJwk } = privateJwk;
  const pkR = await crypto.subtle.importKey("jwk", publicJwk, ECDH, true, []);
  const pkE = await crypto.subtle.importKey("raw", enc, ECDH, true, []);
  const dh = new Uint8Array(await crypto.subtle.deriveBits({ name: "ECDH", public: pkE }, skR, 256));
  return kemSharedSecret(dh, enc, new Uint8Array(await crypto.subtle.exportKey("raw", pkR)));
}

/** Encap (RFC 9180 §4.1) with a fresh ephemeral key. */
export async function encap(publicJwk: JsonWebKey) {
  const pkR = await crypto.subtle.importKey("jwk", publicJwk, ECDH, true, []);
  const ephemeral = (await crypto.subtle.generateKey(ECDH, true, ["deriveBits"])) as CryptoKeyPair;
  const enc = new Uint8Array(await crypto.subtle.exportKey("raw", ephemeral.publicKey));
  const dh = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: pkR }, ephemeral.privateKey, 256),
  );
  const pkRm = new Uint8Array(await crypto.subtle.exportKey("raw", pkR));
  return { enc, sharedSecret: await kemSharedSecret(dh, enc, pkRm) };
}

/** KeySchedule (RFC 9180 §5.1) for mode_base: no PSK. */
export async function keySchedule(sharedSecret: Uint8Array<ArrayBuffer>, info: Uint8Array, aeadId: number) {
  const suiteId = hpkeSuiteId(aeadId);
  const empty = new Uint8Array(0);
  const pskIdHash = await labeledExtract(suiteId, empty, "psk_id_hash", empty);
  const infoHash = await labeledExtract(suiteId, empty, "info_hash", info);
  const keyScheduleContext = concatBytes(new Uint8Array([0]), pskIdHash, infoHash);
  const secret = await labeledExtract(suiteId, sharedSecret, "secret", empty);
  const keyBytes = aeadId === AEAD_AES_128_GCM ? 16 : 32;
  return {
    keyScheduleContext,
    secret,
    key: await labeledExpand(suiteId, secret, "key", keyScheduleContext, keyBytes),
    baseNonce: await labeledExpand(suiteId, secret, "base_nonce", keyScheduleContext, NONCE_BYTES),
    exporterSecret: await labeledExpand(suiteId, secret, "exp", keyScheduleContext, HASH_BYTES),
  };
}

/** ComputeNonce (RFC 9180 §5.2): base_nonce XOR I2OSP(seq, Nn). */
export function nonceFor(baseNonce: Uint8Array, sequenceNumber: number): Uint8Array<ArrayBuffer> {
  const seq = i2osp(sequenceNumber, NONCE_BYTES);
  return seq.map((byte, i) => byte ^ (baseNonce[i] as number));
}

async function gcmKey(key: Uint8Array<ArrayBuffer>, usage: KeyUsage) {
  return crypto.subtle.importKey("raw", key, "AES-GCM", false, [usage]);
}

export async function aeadSeal(
  key: Uint8Array<ArrayBuffer>,
  nonce: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
  pt: Uint8Array<ArrayBuffer>,
) {
  const params = { name: "AES-GCM", iv: nonce, additionalData: aad };
  return new Uint8Array(await crypto.subtle.encrypt(params, await gcmKey(key, "encrypt"), pt));
}

export async function aeadOpen(
  key: Uint8Array<ArrayBuffer>,
  nonce: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
  ct: Uint8Array<ArrayBuffer>,
) {
  const params = { name: "AES-GCM", iv: nonce, additionalData: aad };
  return new Uint8Array(await crypto.subtle.decrypt(params, await gcmKey(key, "decrypt"), ct));
}
