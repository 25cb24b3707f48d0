import { toHex, utf8 } from "./encoding";
import { CryptoError } from "./errors";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 43 base62 characters carry 43 × log2(62) ≈ 256.03 bits. */
const TOKEN_CHARS = 43;
/** Bytes at or above 248 (= 4 × 62) are dropped, so every character is uniform (no modulo bias). */
const UNBIASED_LIMIT = 248;
const PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,15}$/;

/**
 * A bearer token `<prefix>_<43 base62 chars>` with at least 256 bits of randomness. The fixed
 * prefix (e.g. `wfs`) lets secret scanners recognise a leaked token.
 *
 * @example
 * const token = generateToken("wfs"); // wfs_3kT9...
 */
export function generateToken(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new CryptoError("malformed", "token prefix must be 1-16 letters or digits, starting with a letter");
  }
  let body = "";
  while (body.length < TOKEN_CHARS) {
    for (const byte of crypto.getRandomValues(new Uint8Array(64))) {
      if (byte < UNBIASED_LIMIT && body.length < TOKEN_CHARS) body += BASE62.charAt(byte % 62);
    }
  }
  return `${prefix}_${body}`;
}

/** SHA-256 hex of a token: what the database stores, so a dump holds no usable token. */
export async function hashToken(token: string): Promise<string> {
  if (typeof token !== "string") throw new CryptoError("malformed", "token must be a string");
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(token))));
}
