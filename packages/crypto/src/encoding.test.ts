import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "./encoding";

describe("base64url", () => {
  it("matches RFC 4648 test vectors (unpadded, url alphabet)", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [text, encoded] of vectors) {
      expect(toBase64Url(new TextEncoder().encode(text))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64Url(encoded))).toBe(text);
    }
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
  });

  it("round-trips every length up to 70 bytes", () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });

  it("refuses padding, the standard alphabet, whitespace, impossible lengths and non-canonical endings", () => {
    for (const text of ["Zg==", "Zm+v", "Zm/v", "Zm9 v", "Z", "Zm9vY", "Zh", "Zm9", "Zm8é"]) {
      expect(fromBase64Url(text), text).toBeUndefined();
    }
  });
});
