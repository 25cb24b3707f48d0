/**
 * Why a crypto operation failed. A closed set so callers can map each code to a response:
 * - `malformed`: not an envelope, bad base64, unknown version, bad key configuration or stored hash;
 * - `unknown-key`: the envelope names a kid the keyring does not hold;
 * - `tampered`: authentication failed (wrong aad, wrong key, any changed byte).
 */
export type CryptoErrorCode = "malformed" | "unknown-key" | "tampered";

/**
 * The only error this package throws on purpose. Messages are written here, never copied from
 * lower layers, so they can not carry plaintext or key material.
 */
export class CryptoError extends Error {
  override readonly name = "CryptoError";
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
