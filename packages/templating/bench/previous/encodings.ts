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

/** All patterns for one value, raw value first, deduplicated. Empty for an empty value. */
export function secretVariants(value: string): string[] {
  if (!value) return [];
  const bytes = utf8.encode(value);
  const variants = new Set([value]);
  const add = (variant: string) => {
    if (variant.length >= MIN_VARIANT_LENGTH) variants.add(variant);
  };
  if (/[\r\n]/.test(value)) for (const line of value.split(/\r\n|\r|\n/)) add(line);
  base64Variants(bytes, add);
  percentVariants(bytes, add);
  jsonVariants(value, add);
  htmlVariants(value, add);
  const lowerHex = hex(bytes);
  add(lowerHex);
  add(lowerHex.toUpperCase());
  return [...variants];
}

type Add = (variant: string) => void;

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

// Bytes each percent-encoding style leaves as they are.
const keepTable = (extra: string) => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++)
    if (/[A-Za-z0-9]/.test(String.fromCharCode(c)) || extra.includes(String.fromCharCode(c))) table[c] = 1;
  return table;
};
const PERCENT_STYLES = [
  { keep: keepTable("-_.!~*'()"), plus: false }, // encodeURIComponent
  { keep: keepTable("-._~"), plus: false }, // RFC 3986 unreserved only
  { keep: keepTable("*-._"), plus: true }, // application/x-www-form-urlencoded
  { keep: keepTable("-_.!~*'();,/?:@&=+$#"), plus: false }, // encodeURI
];
const ALNUM_ONLY = keepTable("");

function percentVariants(bytes: Uint8Array, add: Add): void {
  if (bytes.every((b) => b < 128 && ALNUM_ONLY[b] === 1)) return;
  for (const { keep, plus } of PERCENT_STYLES) {
    out.reset();
    for (const b of bytes) {
      if (b < 128 && keep[b] === 1) out.push(b);
      else if (plus && b === 32) out.push(43);
      else {
        out.push(37);
        out.push(HEX_UPPER.charCodeAt(b >> 4));
        out.push(HEX_UPPER.charCodeAt(b & 15));
      }
    }
    const upper = out.toString();
    add(upper);
    if (/%[0-9A-F]?[A-F]/.test(upper)) add(upper.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
  }
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

function jsonVariants(value: string, add: Add): void {
  if (!JSON_SPECIAL.test(value)) return;
  // Only compute forms that can differ: hex case matters only for \u escapes, and so on.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters get \u escapes
  const styles: UnicodeStyle[] = /[\u0000-\u0007\u000b\u000e-\u001f\u0080-\uffff]/.test(value)
    ? ["raw", "lower", "upper"]
    : ["raw"];
  const slashes = value.includes("/") ? [false, true] : [false];
  for (const unicode of styles) for (const slash of slashes) add(jsonEscape(value, unicode, slash, false));
  if (/[<>&\u2028\u2029]/.test(value)) add(jsonEscape(value, "raw", false, true));
}

const HTML_QUOTES = [
  ["&quot;", "&#39;"],
  ["&quot;", "&#x27;"],
  ["&quot;", "&apos;"],
  ["&#34;", "&#39;"],
];

function htmlVariants(value: string, add: Add): void {
  if (!/[&<>"']/.test(value)) return;
  const minimal = value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  add(minimal);
  if (!/["']/.test(minimal)) return;
  for (const [dq, sq] of HTML_QUOTES)
    add(minimal.replaceAll('"', dq as string).replaceAll("'", sq as string));
}

function hex(bytes: Uint8Array): string {
  out.reset();
  for (const b of bytes) {
    out.push(HEX_LOWER.charCodeAt(b >> 4));
    out.push(HEX_LOWER.charCodeAt(b & 15));
  }
  return out.toString();
}
