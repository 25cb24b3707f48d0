export { fromBase64Url, toBase64Url } from "./encoding";
export { ENVELOPE_VERSION, envelopeKid, parseEnvelope } from "./envelope";
export { CryptoError, type CryptoErrorCode, isCryptoError } from "./errors";
export type { EcPrivateJwk, EcPublicJwk } from "./jwk";
export {
  generateKeyConfig,
  parsePrivateKeyring,
  parsePublicKey,
  rotateKeyring,
  type SealingKeyConfig,
} from "./key-config";
export { buildOAuthConnectAad } from "./oauth-connect-aad";
export { clearOpenCache, type OpenOptions, openSecret } from "./open";
export { hashPassword, verifyPassword } from "./password";
export { buildTriggerAad, type SealOptions, sealSecret, type TriggerSlot } from "./seal";
export {
  computeKid,
  generateSealingKeyPair,
  type SealingKeyPair,
  type SealingPrivateKey,
  type SealingPublicKey,
  toKeyringEntry,
  toPublicKey,
} from "./sealing-keys";
export {
  buildSealedSecretAad,
  buildSecretAad,
  canonicalPolicy,
  parseCanonicalPolicy,
  type SealedSecretSlot,
  type SecretPolicy,
  type SecretRowSlot,
  type SecretSlot,
  secretAadForRow,
} from "./secret-aad";
export { generateToken, hashToken } from "./token";
