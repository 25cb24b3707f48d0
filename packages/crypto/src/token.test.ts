import { describe, expect, it } from "vitest";
import { generateToken, hashToken } from "./token";

describe("generateToken / hashToken", () => {
  it("writes <prefix>_<43 base62 chars> (≥ 256 bits) and never repeats", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateToken("wfs")));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^wfs_[0-9A-Za-z]{43}$/);
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
  });

  it("uses every base62 character about equally (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const char of generateToken("t").slice(2)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 86,000 draws over 62 symbols: each expected ~1387 (sd ~37); a biased mapping skews the first 8 by ~25%.
    const expected = (2000 * 43) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.15);
  });

  it("refuses prefixes that would make tokens ambiguous", () => {
    for (const prefix of ["", "wfs_", "1abc", "a b", "x".repeat(17)]) {
      expect(() => generateToken(prefix)).toThrow(expect.objectContaining({ code: "malformed" }));
    }
  });

  it("hashToken is SHA-256 hex", async () => {
    expect(await hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = generateToken("wfs");
    expect(await hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashToken(token)).not.toContain(token);
  });
});
