import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/**
 * The helpers a script step can call (`hmacSha256Hex(key, data)` …). Strings are UTF-8 encoded,
 * so a key or body written in the workflow hashes the same way it would in Node or WebCrypto.
 * QuickJS host calls are synchronous while WebCrypto is async only, hence the audited synchronous
 * SHA-256/HMAC of @noble/hashes (checked against WebCrypto in script-helpers.test.ts).
 */
const encoder = new TextEncoder();

export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes);

const hmacSha256 = (key: string, data: string) => hmac(sha256, encoder.encode(key), encoder.encode(data));

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export const hmacSha256Hex = (key: string, data: string) => toHex(hmacSha256(key, data));

export const hmacSha256Base64 = (key: string, data: string) => toBase64(hmacSha256(key, data));

export const sha256Hex = (data: string) => toHex(sha256(encoder.encode(data)));

/**
 * Compares in time that depends only on the lengths, so a signature check does not reveal how
 * many leading characters of a guess were right.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
