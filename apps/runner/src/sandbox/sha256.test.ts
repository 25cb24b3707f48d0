import { describe, expect, it } from "vitest";
import { hmacSha256Base64, hmacSha256Hex, sha256Hex, timingSafeEqual, toHex } from "./script-helpers";

const encoder = new TextEncoder();

async function webCryptoHmac(key: string, data: string): Promise<Uint8Array> {
  const imported = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, encoder.encode(data)));
}

function randomText(length: number): string {
  const alphabet = "abcXYZ019 +/=\n\u00e9\u4e2d\u{1F600}";
  const chars = [...alphabet];
  return Array.from({ length }, () => chars[Math.floor(Math.random() * chars.length)]).join("");
}

describe("pure-JS SHA-256 and HMAC", () => {
  it("matches the FIPS 180-4 examples", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("matches WebCrypto on random keys and messages, across block boundaries", async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200, 1000]) {
      const key = randomText((length % 97) + 1);
      const data = randomText(length);
      const expected = await webCryptoHmac(key, data);
      expect(hmacSha256Hex(key, data)).toBe(toHex(expected));
      expect(hmacSha256Base64(key, data)).toBe(btoa(String.fromCharCode(...expected)));
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(data)));
      expect(sha256Hex(data)).toBe(toHex(digest));
    }
    // Keys longer than a block are hashed first (RFC 2104).
    const longKey = randomText(300);
    expect(hmacSha256Hex(longKey, "x")).toBe(toHex(await webCryptoHmac(longKey, "x")));
  });

  it("timingSafeEqual compares whole strings, lengths included", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});
