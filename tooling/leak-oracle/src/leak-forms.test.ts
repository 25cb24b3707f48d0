import { describe, expect, it } from "vitest";
import { toBase64, utf8 } from "./bytes";
import { leakForms, MIN_NEEDLE_LENGTH } from "./leak-forms";

// Expected needles computed by hand from each encoding's definition (not by this package's code).
const VALUE = 'cnry_t_0123456789abcdef +/"<&é>';
const EXPECTED: Record<string, string> = {
  raw: VALUE,
  "base64@0": "Y25yeV90XzAxMjM0NTY3ODlhYmNkZWYgKy8iPCbDqT",
  "base64@1": "NucnlfdF8wMTIzNDU2Nzg5YWJjZGVmICsvIjwmw6k+",
  "base64@2": "jbnJ5X3RfMDEyMzQ1Njc4OWFiY2RlZiArLyI8JsOpP",
  "base64url@0": "Y25yeV90XzAxMjM0NTY3ODlhYmNkZWYgKy8iPCbDqT",
  "base64url@1": "NucnlfdF8wMTIzNDU2Nzg5YWJjZGVmICsvIjwmw6k-",
  "base64url@2": "jbnJ5X3RfMDEyMzQ1Njc4OWFiY2RlZiArLyI8JsOpP",
  hex: "636e72795f745f30313233343536373839616263646566202b2f223c26c3a93e",
  HEX: "636E72795F745F30313233343536373839616263646566202B2F223C26C3A93E",
  percent: "cnry_t_0123456789abcdef%20%2B%2F%22%3C%26%C3%A9%3E",
  form: "cnry_t_0123456789abcdef+%2B%2F%22%3C%26%C3%A9%3E",
  json: 'cnry_t_0123456789abcdef +/\\"<&é>',
  "json, ASCII only": 'cnry_t_0123456789abcdef +/\\"<&\\u00e9>',
  html: "cnry_t_0123456789abcdef +/&quot;&lt;&amp;é&gt;",
  "html text": 'cnry_t_0123456789abcdef +/"&lt;&amp;é&gt;',
  "utf-8 read as latin1": 'cnry_t_0123456789abcdef +/"<&Ã©>',
};

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe("leakForms", () => {
  it("gives each encoding of a value as its definition says, each needle once", () => {
    const forms = leakForms(VALUE);
    const byEncoding = Object.fromEntries(forms.map((f) => [f.encoding, f.needle]));
    // base64url@0 and @2 equal base64 here (no + or / in those cores), and the attribute form equals `html`.
    expect(byEncoding).toEqual({
      ...EXPECTED,
      "base64url@0": undefined,
      "base64url@2": undefined,
      "percent, !'()* kept": undefined,
      "html attribute": undefined,
    });
    expect(new Set(forms.map((f) => f.needle)).size).toBe(forms.length);
    for (const [encoding, needle] of Object.entries(EXPECTED)) {
      expect(
        forms.some((f) => f.needle === needle),
        encoding,
      ).toBe(true);
    }
  });

  it("finds the value's base64 and base64url inside longer base64, at every alignment, padded or not", () => {
    const needles = leakForms(VALUE).map((f) => f.needle);
    for (let before = 0; before < 6; before++) {
      for (let after = 0; after < 4; after++) {
        const bytes = new Uint8Array([...randomBytes(before), ...utf8(VALUE), ...randomBytes(after)]);
        const base64 = toBase64(bytes);
        const base64url = base64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
        expect(
          needles.some((n) => base64.includes(n)),
          `base64, ${before}+${after}`,
        ).toBe(true);
        expect(
          needles.some((n) => base64url.includes(n)),
          `base64url, ${before}+${after}`,
        ).toBe(true);
      }
    }
    const basic = `Authorization: Basic ${btoa(`user:${String.fromCharCode(...utf8(VALUE))}`)}`;
    expect(needles.some((n) => basic.includes(n))).toBe(true);
  });

  it("agrees with the platform's encoders on random values", () => {
    for (let i = 0; i < 50; i++) {
      const value = `v${Array.from(randomBytes(12), (b) => String.fromCharCode(32 + (b % 95))).join("")}é€`;
      const needles = leakForms(value).map((f) => f.needle);
      for (const encoded of [
        encodeURIComponent(value),
        new URLSearchParams({ v: value }).toString().slice(2),
        JSON.stringify(value).slice(1, -1),
      ]) {
        expect(needles, value).toContain(encoded);
      }
    }
  });

  it("keeps !'()* for encodeURIComponent-style percent encoding, and escapes them for RFC 3986", () => {
    const value = "cnry_marks_(it's)*!";
    const needles = leakForms(value).map((f) => f.needle);
    expect(needles).toContain(encodeURIComponent(value));
    expect(needles).toContain("cnry_marks_%28it%27s%29%2A%21");
  });

  it("gives each line of a multi-line value on its own", () => {
    const value = "-----BEGIN KEY-----\r\nMIIBVwIBADANBgkq\nhkiG9w0BAQEFAASC\n-----END KEY-----";
    const lines = leakForms(value)
      .filter((f) => f.encoding.startsWith("line "))
      .map((f) => f.needle);
    expect(lines).toEqual([
      "-----BEGIN KEY-----",
      "MIIBVwIBADANBgkq",
      "hkiG9w0BAQEFAASC",
      "-----END KEY-----",
    ]);
  });

  it("leaves out needles too short to mean anything", () => {
    expect(leakForms("abc")).toEqual([]);
    for (const { needle } of leakForms("abcdefgh"))
      expect(needle.length).toBeGreaterThanOrEqual(MIN_NEEDLE_LENGTH);
  });
});
