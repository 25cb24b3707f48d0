import { CodeUnits, HEX_LOWER, HEX_UPPER } from "./code-units";

/**
 * Every form in which a secret value can show up in stored or printed text.
 *
 * Rule for short patterns: the raw value is always masked, whatever its length. A derived form
 * (a line of a multi-line value, or an encoding) is masked only when it is at least
 * MIN_VARIANT_LENGTH characters long: the base64 core of a 1–3 byte value is one to three characters
 * that occur everywhere, and masking them would shred every log without protecting anything.
 */
export const MIN_VARIANT_LENGTH = 6;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const utf8 = new TextEncoder();
const out = new CodeUnits();

/** A pattern the masker looks for; `fold`: ASCII letters match in either case. */
export interface SecretPattern {
  text: string;
  fold: boolean;
}

/** Values of at least this many characters also match with their ASCII letters in another case. */
export const MIN_FOLDED_LENGTH = 12;

/** The value as written and in its Unicode normal forms (NFC, NFD), deduplicated. */
export function textForms(value: string): string[] {
  return [...new Set([value, value.normalize("NFC"), value.normalize("NFD")])];
}

/** Every whole form for one value, raw value first, deduplicated. Empty for an empty value. */
export function secretVariants(value: string): string[] {
  return secretPatterns(value).map((p) => p.text);
}

/**
 * Every whole form of a value the masker matches as written. Escapes a service may add around it
 * (percent, JSON, HTML, line breaks in base64) are not listed: the masker decodes them in the text
 * (normalise.ts). Listed are the forms that cannot be decoded cheaply in any text: base64 and hex
 * of the value's bytes (UTF-8 and UTF-16, and UTF-8 of its JSON escaping, for base64 of a JSON
 * body), and the form-encoding of a value with spaces (`+`).
 */
export function secretPatterns(value: string): SecretPattern[] {
  if (!value) return [];
  const patterns = new Map<string, boolean>();
  const put = (text: string, fold: boolean) => {
    if (!patterns.has(text)) patterns.set(text, fold);
    else if (fold) patterns.set(text, true);
  };
  const fold = value.length >= MIN_FOLDED_LENGTH;
  for (const form of textForms(value)) put(form, fold);
  const add = (variant: string, folded = false) => {
    if (variant.length >= MIN_VARIANT_LENGTH) put(variant, folded);
  };
  for (const form of textForms(value)) {
    if (/[\r\n]/.test(form))
      for (const line of form.split(/\r\n|\r|\n/)) add(line, line.length >= MIN_FOLDED_LENGTH);
    const utf8Bytes = utf8.encode(form);
    const byteForms = [utf8Bytes, ...utf16Forms(form)];
    for (const bytes of byteForms) add(hex(bytes), true);
    if (JSON_SPECIAL.test(form)) {
      byteForms.push(utf8.encode(jsonEscape(form, "raw", false, false)));
      if (form.includes("/")) byteForms.push(utf8.encode(jsonEscape(form, "raw", true, false)));
    }
    for (const bytes of byteForms) base64Variants(bytes, add);
    if (form.includes(" ")) formEncoded(utf8Bytes, add);
  }
  add(canonicalNumber(value));
  return [...patterns].map(([text, folded]) => ({ text, fold: folded }));
}

/**
 * UTF-16 bytes. For a value of Latin-1 characters the big-endian bytes are the little-endian ones
 * shifted by one, so one byte string (little-endian without its last zero) covers both.
 */
function utf16Forms(form: string): Uint8Array[] {
  const le = new Uint8Array(form.length * 2);
  let narrow = true;
  for (let i = 0; i < form.length; i++) {
    const c = form.charCodeAt(i);
    le[2 * i] = c & 255;
    le[2 * i + 1] = c >> 8;
    if (c > 255) narrow = false;
  }
  if (narrow) return [le.subarray(0, le.length - 1)];
  const be = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return [le, be];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A numeric value as JavaScript prints it once a service stored it as a JSON number (`1234.5600`
 * → `1234.56`, `007` → `7`), when that keeps at least 6 digits (shorter would mask every price).
 */
export function canonicalNumber(value: string): string {
  if (!NUMBER.test(value)) return "";
  const printed = String(Number(value));
  if (printed === value || !/^-?[\d.e+-]+$/.test(printed)) return "";
  return (printed.match(/\d/g)?.length ?? 0) >= 6 ? printed : "";
}

type Add = (variant: string, fold?: boolean) => void;

/**
 * Inside a longer base64 text the value starts at byte offset 0, 1 or 2 of a 3-byte group. For each
 * alignment we keep only the characters whose 6 bits come entirely from the value (the stable core),
 * so the value is found whatever precedes it (`user:` in Basic auth) or follows it. The standalone
 * encoding (alignment 0, unpadded, last partial character included) is added so it is masked whole.
 */
function base64Variants(bytes: Uint8Array, add: Add): void {
  const n = bytes.length;
  for (let align = 0; align < 3; align++) {
    const first = Math.ceil((8 * align) / 6);
    const end = align === 0 ? Math.ceil((8 * n) / 6) : Math.floor((8 * (align + n)) / 6);
    const core = align === 0 ? Math.floor((8 * n) / 6) : end;
    out.reset();
    for (let c = first; c < end; c++) {
      // Character c holds bits [6c, 6c + 6) of the aligned byte string.
      const bit = 6 * c;
      const at = (bit >> 3) - align;
      const hi = at >= 0 && at < n ? (bytes[at] as number) : 0;
      const lo = at + 1 < n ? (bytes[at + 1] as number) : 0;
      out.push(BASE64.charCodeAt((((hi << 8) | lo) >> (10 - (bit & 7))) & 63));
    }
    const encoded = out.toString();
    const forms = /[+/]/.test(encoded)
      ? [encoded, encoded.replace(/[+/]/g, (c) => (c === "+" ? "-" : "_"))]
      : [encoded];
    for (const form of forms) {
      add(form.slice(0, core - first));
      if (core !== end) add(form);
    }
  }
}

/** application/x-www-form-urlencoded: `+` for a space, the rest decoded from `%XX` in the text. */
function formEncoded(bytes: Uint8Array, add: Add): void {
  out.reset();
  for (const b of bytes) {
    if (b === 32) out.push(43);
    else if (b < 128 && /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b))) out.push(b);
    else {
      out.push(37);
      out.push(HEX_UPPER.charCodeAt(b >> 4));
      out.push(HEX_UPPER.charCodeAt(b & 15));
    }
  }
  add(out.toString(), true);
}

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: "\\\\",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
};
type UnicodeStyle = "raw" | "lower" | "upper";

/** JSON string contents as JSON.stringify, ensure-ASCII encoders (either hex case), PHP (`\/`) and Go (`\u003c`) write them. */
function jsonEscape(value: string, unicode: UnicodeStyle, slash: boolean, htmlSafe: boolean): string {
  const digits = unicode === "upper" ? HEX_UPPER : HEX_LOWER;
  const u = (code: number) => {
    out.pushAscii("\\u");
    for (let shift = 12; shift >= 0; shift -= 4) out.push(digits.charCodeAt((code >> shift) & 15));
  };
  out.reset();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short) out.pushAscii(short);
    else if (code === 47 && slash) out.pushAscii("\\/");
    else if (
      code < 0x20 ||
      (htmlSafe && (code === 60 || code === 62 || code === 38 || code === 0x2028 || code === 0x2029))
    ) {
      u(code);
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const pair = code <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair && unicode === "raw") {
        out.push(code);
        out.push(value.charCodeAt(++i));
      } else if (pair) {
        u(code);
        u(value.charCodeAt(++i));
      } else u(code); // JSON.stringify escapes a lone surrogate
    } else if (code >= 0x80 && unicode !== "raw") u(code);
    else out.push(code);
  }
  return out.toString();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const JSON_SPECIAL = /["\\/\u0000-\u001f<>&\u0080-\uffff]/;

function hex(bytes: Uint8Array): string {
  out.reset();
  for (const b of bytes) {
    out.push(HEX_LOWER.charCodeAt(b >> 4));
    out.push(HEX_LOWER.charCodeAt(b & 15));
  }
  return out.toString();
}
