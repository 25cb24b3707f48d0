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

const webCryptoSha256 = async (data: string) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(data)));

const ASCII = [..."abcXYZ019 +/=-_.:{}\"'\n\t"];
// Two-, three- and four-byte UTF-8 characters (the last one a surrogate pair in JS).
const MIXED = [...ASCII, "\u00e9", "\u00df", "\u4e2d", "\u20ac", "\u{1F600}", "\u{10FFFF}"];

function randomText(length: number, alphabet: string[]): string {
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
}

/** Checks all three helpers against WebCrypto for one key and message. */
async function expectSameAsWebCrypto(key: string, data: string): Promise<void> {
  const mac = await webCryptoHmac(key, data);
  expect(hmacSha256Hex(key, data)).toBe(toHex(mac));
  expect(hmacSha256Base64(key, data)).toBe(btoa(String.fromCharCode(...mac)));
  expect(sha256Hex(data)).toBe(toHex(await webCryptoSha256(data)));
}

describe("script helpers: SHA-256 and HMAC-SHA256 (@noble/hashes) agree with WebCrypto", () => {
  it("matches the FIPS 180-4 and RFC 4231 examples", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // RFC 4231 test case 2.
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("on every ASCII message length from 0 to 200 bytes (empty, one block, block boundaries, multi-block)", async () => {
    for (let length = 0; length <= 200; length++) {
      // Key lengths cycle through short keys, a whole block (64), just over it, and long ones.
      const keyLength = [1, 20, 63, 64, 65, 100, 300][length % 7] as number;
      await expectSameAsWebCrypto(randomText(keyLength, ASCII), randomText(length, ASCII));
    }
  });

  it("on random non-ASCII keys and messages (UTF-8 encoded, surrogate pairs included)", async () => {
    for (let i = 0; i < 150; i++) {
      const data = randomText(i === 0 ? 0 : Math.floor(Math.random() * 400), MIXED);
      await expectSameAsWebCrypto(randomText(1 + Math.floor(Math.random() * 120), MIXED), data);
    }
    await expectSameAsWebCrypto("\u{1F511}", "\u4e2d\u6587 \u00e9t\u00e9 \u{1F600}".repeat(50));
  });

  it("timingSafeEqual compares whole strings, lengths included", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true);
    expect(timingSafeEqual("abc", "abd")).toBe(false);
    expect(timingSafeEqual("abc", "abcd")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });
});
