import { describe, expect, it } from "vitest";
import { parseJsonKeepingNumbers } from "./json";
import { createMasker } from "./masker";

/**
 * What real services echo back (issue 11). Each case stores the echo, masks it, then decodes what
 * was stored with the platform's own decoders, as someone reading the run history would: no piece
 * of the value as long as the masking window may be left.
 */
const TOKEN = "sk_live_51HqLyjWDarjtT1zdp7dc/Qk+Zr9vXw3Ym";
const WINDOW = 12;
const masker = createMasker([{ name: "stripe", value: TOKEN }]);

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString("base64");
const htmlDecode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));
const jsonUnescape = (s: string) =>
  s.replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, hex: string | undefined, c: string) =>
    hex ? String.fromCharCode(Number.parseInt(hex, 16)) : c,
  );
const percentDecode = (s: string) =>
  s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
/** Every substring of `form` of the window's length. */
const windows = (form: string, size = WINDOW) =>
  Array.from({ length: Math.max(0, form.length - size + 1) }, (_, i) => form.slice(i, i + size));

/** The base64 characters determined only by `length` bytes at byte offset `at` (ASCII text). */
const valueCore = (encoded: string, at: number, length: number) =>
  encoded.slice(Math.ceil((8 * at) / 6), Math.floor((8 * (at + length)) / 6));

function expectNoPiece(revealed: string, form: string, size = WINDOW) {
  for (const piece of windows(form, size)) expect(revealed).not.toContain(piece);
}

describe("echoes real services send back", () => {
  it("base64 wrapped at 76 columns (MIME), a line break inside the value's encoding", () => {
    const before = "x".repeat(40);
    const encoded = b64(`${before}${TOKEN} trailing text`);
    const core = valueCore(encoded, before.length, TOKEN.length);
    const mime = encoded.replace(/.{76}/g, "$&\r\n");
    expect(mime.replace(/\r\n/g, "")).toContain(core);
    const out = masker.mask(`Content-Transfer-Encoding: base64\r\n\r\n${mime}`);
    expect(out).toContain("[masked:stripe]");
    expectNoPiece(out.replace(/\r\n/g, ""), core, 16);
  });

  it("base64 of JSON whose / was escaped as \\/", () => {
    const before = '{"api_key":"';
    const body = `${before}${TOKEN.replaceAll("/", "\\/")}","ok":true}`;
    const encoded = b64(body);
    const out = masker.mask(`payload=${encoded}`);
    expect(out).toContain("[masked:stripe]");
    expectNoPiece(out, valueCore(encoded, before.length, TOKEN.length + 1), 16);
  });

  it("double percent-encoding", () => {
    const out = masker.mask(`next=${encodeURIComponent(`https://x.test/?key=${encodeURIComponent(TOKEN)}`)}`);
    expect(out).toContain("[masked:stripe]");
    expectNoPiece(percentDecode(percentDecode(out)), TOKEN);
  });

  it("every byte as %xx, unreserved characters included", () => {
    const every = [...Buffer.from(TOKEN)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    for (const form of [every, every.toUpperCase()]) {
      const out = masker.mask(`GET /callback?code=${form} HTTP/1.1`);
      expect(out).toBe("GET /callback?code=[masked:stripe] HTTP/1.1");
    }
  });

  it("HTML numeric entities for punctuation, decimal and hex", () => {
    const dec = TOKEN.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`);
    const hex = TOKEN.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
    for (const form of [dec, hex]) {
      const out = masker.mask(`<input value="${form}">`);
      expect(out).toBe('<input value="[masked:stripe]">');
      expectNoPiece(htmlDecode(out), TOKEN);
    }
  });

  it("HTML numeric entities for control characters, &#0; included (found by the property test)", () => {
    const nul = createMasker([{ name: "nul", value: "\u0000\u0000" }]);
    expect(nul.mask("&#0;&#0;")).toBe("[masked:nul]");
    expect(nul.mask("&#x0;&#x00;")).toBe("[masked:nul]");
  });

  it("a value holding percent escapes, inside a nested JSON string (found by the property test)", () => {
    // Decoding all families at once reads %00 as NUL while the JSON layers still hide \n; only two
    // rounds of JSON alone read the value back.
    for (const value of ["\n%00 ", "%00\\?"]) {
      const m = createMasker([{ name: "v", value }]);
      const nested = JSON.stringify(JSON.stringify(value)).slice(3, -3);
      expect(m.mask(`echo: ${nested}.`)).toBe("echo: [masked:v].");
    }
  });

  it("a value whose encoding starts right after a partial escape (found by the property test)", () => {
    // `%0` + `A%2520` reads `%0A` (a line feed) then `%2520`: the value's first character belongs
    // to the escape before it.
    const m = createMasker([
      { name: "space", value: "A " },
      { name: "pct", value: "%0" },
    ]);
    const twice = encodeURIComponent(encodeURIComponent("A "));
    expect(m.mask(`x %0${twice} y`)).toBe("x [masked:pct] y");
    // `%4F` (O) takes the F of `Fix%20the%20roof`; the value is still found, case folded.
    const words = createMasker([{ name: "words", value: "fix the roof" }]);
    expect(words.mask(`at %4${encodeURIComponent("Fix the roof")}.`)).toBe("at %4[masked:words].");
  });

  it("\\u002B-style escapes inside a nested JSON string", () => {
    const inner = JSON.stringify({ key: TOKEN }).replace(
      /[+/]/g,
      (c) => `\\u00${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    const outer = JSON.stringify({ error: { raw: inner } });
    const out = masker.mask(outer);
    expect(out).toContain("[masked:stripe]");
    expectNoPiece(jsonUnescape(jsonUnescape(out)), TOKEN);
  });

  it("a truncated prefix in an error message", () => {
    const out = masker.mask(`invalid api key: ${TOKEN.slice(0, -3)}...`);
    expect(out).toBe("invalid api key: [masked:stripe]...");
  });

  it("the value split into two fields", () => {
    const out = masker.mask(JSON.stringify({ key_part1: TOKEN.slice(0, 20), key_part2: TOKEN.slice(20) }));
    expect(out).toBe('{"key_part1":"[masked:stripe]","key_part2":"[masked:stripe]"}');
  });

  it("a case change (values of 12+ characters)", () => {
    for (const form of [TOKEN.toUpperCase(), TOKEN.toLowerCase()]) {
      expect(masker.mask(`echo: ${form}.`)).toBe("echo: [masked:stripe].");
    }
  });

  it("UTF-16 as base64 and as hex, little and big endian", () => {
    for (const bytes of [Buffer.from(TOKEN, "utf16le"), Buffer.from(TOKEN, "utf16le").swap16()]) {
      for (const form of [
        bytes.toString("base64"),
        bytes.toString("hex"),
        bytes.toString("hex").toUpperCase(),
      ]) {
        const out = masker.mask(`blob: ${form} end`);
        expect(out).toContain("[masked:stripe]");
        expectNoPiece(out, form, 24);
      }
    }
  });

  it("NFD normalisation of a non-ASCII value", () => {
    const value = "pässwört-Größe-Ünïcödé-Schlüssel-42";
    const m = createMasker([{ name: "umlaut", value }]);
    const nfd = value.normalize("NFD");
    expect(nfd).not.toBe(value);
    expect(m.mask(`got ${nfd}!`)).toBe("got [masked:umlaut]!");
    expect(m.mask(`got ${JSON.stringify(nfd).slice(1, -1)}!`)).toBe("got [masked:umlaut]!");
  });

  it("a numeric value canonicalised as a JSON number (1234.5600 stored as 1234.56)", () => {
    const m = createMasker([{ name: "amount_pin", value: "98761234.5600" }]);
    const echoed = parseJsonKeepingNumbers('{"charged":98761234.5600}');
    expect(JSON.stringify(m.maskJson(echoed))).toBe('{"charged":"[masked:amount_pin]"}');
    expect(m.mask(JSON.stringify({ charged: 98761234.56 }))).toBe('{"charged":[masked:amount_pin]}');
  });
});
