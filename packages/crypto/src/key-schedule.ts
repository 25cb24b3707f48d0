import { concatBytes, utf8 } from "./encoding";

const HPKE_V1 = utf8("HPKE-v1");
const NONCE_BYTES = 12;
const HASH_BYTES = 32;

/** RFC 9180 §5.1 `suite_id = "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2)`. */
export function hpkeSuiteId(kemId: number, kdfId: number, aeadId: number): Uint8Array<ArrayBuffer> {
  return concatBytes(utf8("HPKE"), i2osp2(kemId), i2osp2(kdfId), i2osp2(aeadId));
}

export interface ContentKey {
  key: Uint8Array<ArrayBuffer>;
  baseNonce: Uint8Array<ArrayBuffer>;
}

/**
 * RFC 9180 §5.1 KeySchedule for mode_base with HKDF-SHA256, returning the AEAD key and base nonce
 * for a KEM shared secret. The parts that depend only on the suite and `info` (psk_id_hash,
 * info_hash, the labelled inputs) are computed once, so each open costs two HKDF calls.
 * @hpke/core recomputes them on every open; the result is the same (checked against RFC 9180 A.3).
 */
export function createKeySchedule({
  suiteId,
  info,
  keyBytes,
}: {
  suiteId: Uint8Array;
  info: Uint8Array;
  keyBytes: number;
}) {
  const constants = (async () => {
    const empty = new Uint8Array(0);
    const pskIdHash = await labeledExtract(suiteId, "psk_id_hash", empty);
    const infoHash = await labeledExtract(suiteId, "info_hash", info);
    const context = concatBytes(new Uint8Array([0]), pskIdHash, infoHash);
    // secret = LabeledExtract(shared_secret, "secret", psk = ""): the shared secret is the HKDF salt.
    const secretIkm = concatBytes(HPKE_V1, suiteId, utf8("secret"));
    return {
      secretIkm: await crypto.subtle.importKey("raw", secretIkm, "HKDF", false, ["deriveBits"]),
      keyInfo: labeledInfo(suiteId, "key", context, keyBytes),
      nonceInfo: labeledInfo(suiteId, "base_nonce", context, NONCE_BYTES),
    };
  })();

  return async function keySchedule(sharedSecret: BufferSource): Promise<ContentKey> {
    const { secretIkm, keyInfo, nonceInfo } = await constants;
    const expand = (info: Uint8Array<ArrayBuffer>, bytes: number) =>
      crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: sharedSecret, info },
        secretIkm,
        bytes * 8,
      );
    const [key, baseNonce] = await Promise.all([expand(keyInfo, keyBytes), expand(nonceInfo, NONCE_BYTES)]);
    return { key: new Uint8Array(key), baseNonce: new Uint8Array(baseNonce) };
  };
}

/** LabeledExtract("", label, ikm): HKDF-Extract with an empty salt is HMAC keyed with HashLen zeros. */
async function labeledExtract(suiteId: Uint8Array, label: string, ikm: Uint8Array): Promise<Uint8Array> {
  const zeroSalt = new Uint8Array(HASH_BYTES);
  const key = await crypto.subtle.importKey("raw", zeroSalt, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(
    await crypto.subtle.sign("HMAC", key, concatBytes(HPKE_V1, suiteId, utf8(label), ikm)),
  );
}

function labeledInfo(suiteId: Uint8Array, label: string, context: Uint8Array, length: number) {
  return concatBytes(i2osp2(length), HPKE_V1, suiteId, utf8(label), context);
}

function i2osp2(value: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([(value >> 8) & 255, value & 255]);
}
