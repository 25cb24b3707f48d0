import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from "@hpke/core";
import { utf8 } from "./encoding";

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
