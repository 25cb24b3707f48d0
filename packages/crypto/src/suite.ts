import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from "@hpke/core";
import { utf8 } from "./encoding";
import { hpkeSuiteId } from "./key-schedule";

/**
 * RFC 9180 base mode: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. All WebCrypto, so the
 * same code runs in workerd, Node 20 and browsers. One instance per isolate: it holds no key state.
 */
export const sealingSuite = new CipherSuite({
  kem: new DhkemP256HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes256Gcm(),
});

/**
 * HPKE `info`: binds every ciphertext to this application and envelope version, so a future
 * `wfs2` (or another app sharing a key by mistake) derives different keys.
 */
export const SEAL_INFO = utf8("workflow-secrets/wfs1");

/** WebCrypto parameters of the sealing keys. */
export const ECDH_P256 = { name: "ECDH", namedCurve: "P-256" } as const;

/** RFC 9180 ids of the suite: KEM 0x0010, KDF 0x0001, AEAD 0x0002 (AES-256-GCM, 32-byte key). */
export const SEAL_SUITE_ID = hpkeSuiteId(0x0010, 0x0001, 0x0002);
export const SEAL_KEY_BYTES = 32;
