import { utf8 } from "./bytes";

/**
 * Text escapings written from their definitions (deliberately not shared with the masker's own
 * list in packages/templating: the oracle checks the masker, so it must not reuse its code).
 */

/** Percent-encodes every UTF-8 byte whose character is not in `keep` (uppercase hex, RFC 3986 2.1). */
export function percentEncode(value: string, keep: RegExp, spaceAsPlus = false): string {
  let out = "";
  for (const char of value) {
    if (keep.test(char)) out += char;
    else if (spaceAsPlus && char === " ") out += "+";
    else for (const byte of utf8(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** RFC 3986 2.3: only the unreserved characters stay as they are. */
export const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** What JavaScript's encodeURIComponent (and many URL libraries) also leave as they are: `!'()*`. */
export const UNRESERVED_AND_MARKS = /^[A-Za-z0-9\-._~!'()*]$/;
/** WHATWG URL, application/x-www-form-urlencoded: these stay, space becomes `+`, the rest is percent-encoded. */
export const FORM_SAFE = /^[A-Za-z0-9*\-._]$/;

const JSON_SHORT: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * The inside of a JSON string (RFC 8259 section 7): `"`, `\` and control characters escaped;
 * with `asciiOnly`, every non-ASCII UTF-16 unit as `\uXXXX` too (as `ensure_ascii` encoders do).
 */
export function jsonEscape(value: string, asciiOnly = false): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    const code = char.charCodeAt(0);
    if (JSON_SHORT[char]) out += JSON_SHORT[char];
    else if (code < 0x20 || (asciiOnly && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return out;
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "\u00a0": "&nbsp;",
};

/**
 * HTML/XML escaping of the characters in `escaped`: all five special characters for templates
 * and XML, `&<>` (and no-break space) for text as a browser serialises it, `&<>"` for attributes.
 */
export function htmlEscape(value: string, escaped: string): string {
  let out = "";
  for (const char of value) out += escaped.includes(char) ? (HTML_ENTITIES[char] as string) : char;
  return out;
}
