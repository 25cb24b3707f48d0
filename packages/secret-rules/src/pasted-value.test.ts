import { describe, expect, it } from "vitest";
import { checkPastedValue, hasInvisibleCharacters, INVISIBLE_RANGES } from "./pasted-value";

describe("checkPastedValue", () => {
  it("is quiet for a clean value and for no value yet", () => {
    expect(checkPastedValue("sk_live_abcdefghijklmnop")).toEqual([]);
    expect(checkPastedValue("a value with inner spaces")).toEqual([]);
    expect(checkPastedValue("")).toEqual([]);
  });

  it("flags whitespace and line breaks at either end, as one code", () => {
    expect(checkPastedValue(" token-with-space-and-newline\n")).toEqual(["surrounding-whitespace"]);
    expect(checkPastedValue("token-with-trailing-newline\n")).toEqual(["surrounding-whitespace"]);
    expect(checkPastedValue("\ttoken-with-leading-tab")).toEqual(["surrounding-whitespace"]);
    expect(checkPastedValue("token-with-crlf\r\n")).toEqual(["surrounding-whitespace"]);
  });

  it("flags invisible characters from either of the old lists", () => {
    expect(checkPastedValue("abc\u200Bdefghijkl")).toEqual(["invisible-characters"]);
    // Once only in the API's list: Mongolian vowel separator, bidi isolates.
    expect(checkPastedValue("abc\u180Edefghijkl")).toEqual(["invisible-characters"]);
    expect(checkPastedValue("abc\u2066defghijkl")).toEqual(["invisible-characters"]);
    // Once only in the extension's list: C0 controls, DEL, no-break space inside the value.
    expect(checkPastedValue("abc\u0007defghijkl")).toEqual(["invisible-characters"]);
    expect(checkPastedValue("abc\u007Fdefghijkl")).toEqual(["invisible-characters"]);
    expect(checkPastedValue("abc\u00A0defghijkl")).toEqual(["invisible-characters"]);
    expect(checkPastedValue("abc\u2028defghijkl")).toEqual(["invisible-characters"]);
  });

  it("flags quotes copied with the value", () => {
    expect(checkPastedValue('"sk_live_abcdefghijklmnop"')).toEqual(["wrapped-in-quotes"]);
    expect(checkPastedValue("'sk_live_abcdefghijklmnop'")).toEqual(["wrapped-in-quotes"]);
    expect(checkPastedValue("“sk_live_abcdefghijklmnop”")).toEqual(["wrapped-in-quotes"]);
    expect(checkPastedValue('{"user":"bot","pass":"x y"}')).toEqual([]);
    expect(checkPastedValue('"only-an-opening-quote')).toEqual([]);
  });

  it("flags a template pasted where the value belongs", () => {
    expect(checkPastedValue("{{secrets.stripe_secret}}")).toEqual(["template-syntax"]);
    expect(checkPastedValue("Bearer {{ secrets.token }}")).toEqual(["template-syntax"]);
  });

  it("flags short values, counting code points", () => {
    expect(checkPastedValue("1234")).toEqual(["short-value"]);
    expect(checkPastedValue("🔑".repeat(7))).toEqual(["short-value"]);
    expect(checkPastedValue("12345678")).toEqual([]);
  });

  it("reports every code that applies, in a fixed order", () => {
    expect(checkPastedValue(' "{{x}}\u200B" ')).toEqual([
      "surrounding-whitespace",
      "invisible-characters",
      "wrapped-in-quotes",
      "template-syntax",
    ]);
  });
});

describe("INVISIBLE_RANGES", () => {
  it("leaves tab, line breaks and ordinary text alone", () => {
    expect(hasInvisibleCharacters("a\tb\nc\rd é ü 🔑 ключ")).toBe(false);
  });

  it("catches every code point in every range", () => {
    for (const [from, to] of INVISIBLE_RANGES) {
      for (let code = from; code <= to; code++) {
        expect(hasInvisibleCharacters(`x${String.fromCodePoint(code)}y`), code.toString(16)).toBe(true);
      }
    }
  });
});
