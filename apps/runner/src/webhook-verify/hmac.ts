const utf8 = new TextEncoder();

async function hmacKey(key: Uint8Array | string): Promise<CryptoKey> {
  const bytes = typeof key === "string" ? utf8.encode(key) : key;
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/**
 * Whether `signature` is HMAC-SHA256(key, message). WebCrypto's verify compares in constant time,
 * so how much of a forged signature matched never shows in the timing.
 */
export async function hmacSha256Matches(
  key: Uint8Array | string,
  message: string,
  signature: Uint8Array | undefined,
): Promise<boolean> {
  if (signature === undefined || signature.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(key), signature, utf8.encode(message));
}

export function fromHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return undefined;
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
