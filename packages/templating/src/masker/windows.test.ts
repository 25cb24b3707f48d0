import { describe, expect, it } from "vitest";
import { createMasker } from "./masker";
import { streamMask } from "./testing/oracle";
import { qualifies, windowLength } from "./windows";

const PROSE = `The quick brown fox jumps over the lazy dog. Password reset requested for the account;
see https://hooks.slack.com/services and https://api.example.com/v1/users?page=2 for details.
Correct horse battery staple is a famous example. 0000000000000000 1234567890123 abcabcabcabcabc
International organisations standardised the configuration. secret-value-of-the-day.`;

describe("windows: pieces of a value", () => {
  it("uses every 12-character piece, or half the value, and none for values under 16 characters", () => {
    expect(windowLength(15)).toBe(0);
    expect(windowLength(16)).toBe(8);
    expect(windowLength(23)).toBe(12);
    expect(windowLength(64)).toBe(12);
  });

  it("does not mask ordinary text that shares words with a word-like, URL or low-entropy secret", () => {
    const m = createMasker([
      { name: "words", value: "correct-horse-battery-staple-forever" },
      { name: "hook", value: "https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/xYz7Qw8Er9Ty0Ui1" },
      { name: "api", value: "https://api.example.com/v1/users?page=2&key=Zx81Qp02Lm93Nk74" },
      { name: "zeros", value: "00000000000000000000000000000000" },
      { name: "sentence", value: "International organisations standardised the configuration in 2024" },
    ]);
    expect(m.mask(PROSE)).toBe(PROSE);
    // …while the values themselves, and the token-like parts of the URLs, are masked.
    expect(m.mask("hook T0AB12CD3/B0EF45GH6 leaked")).toBe("hook [masked:hook] leaked");
    expect(m.mask("key=Zx81Qp02Lm93 (truncated)")).toBe("[masked:api] (truncated)");
  });

  it("judges a window by its characters: words and repeats do not qualify, token pieces do", () => {
    const q = (s: string) => qualifies(s, 0, s.length);
    expect(q("international")).toBe(false);
    expect(q("000000000000")).toBe(false);
    expect(q("ab12ab12ab12")).toBe(false);
    expect(q("HTTPSAPIKEYS")).toBe(false);
    expect(q("51HqLyjWDarj")).toBe(true);
    expect(q("T0AB12CD3/B0")).toBe(true);
    expect(q("sed the conf")).toBe(false);
    expect(q(".com/v1/user")).toBe(false);
    expect(q("ttps://hook.")).toBe(false);
  });

  it("masks everything that continues the value around a window, not only the window", () => {
    const value = "sk_live_51HqLyjWDarjtT1zdp7dc4Qk0Zr9vXw3Ym";
    const m = createMasker([{ name: "k", value }]);
    // Truncated in the middle of the value and glued to other text on both sides.
    expect(m.mask(`x${value.slice(5, 30)}y`)).toBe("x[masked:k]y");
    expect(m.mask(`${value.slice(0, 11)} alone`)).toBe(`${value.slice(0, 11)} alone`);
  });

  it("masks a piece straddling stream chunk boundaries exactly like mask", async () => {
    const value = "sk_live_51HqLyjWDarjtT1zdp7dc4Qk0Zr9vXw3Ym";
    const m = createMasker([{ name: "k", value }]);
    const twice = [...value].map((c) => `%25${c.charCodeAt(0).toString(16)}`).join("");
    const text = `invalid api key: ${value.slice(0, -3)}... and ${twice} end`;
    for (const size of [1, 5, 13, 100])
      expect(await streamMask(m.createStream(), text, [size])).toBe(m.mask(text));
    expect(m.mask(text)).toBe("invalid api key: [masked:k]... and [masked:k] end");
  });
});
