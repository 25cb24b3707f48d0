import { toBase64, toHex, toLatin1, utf8 } from "./bytes";
import {
  FORM_SAFE,
  htmlEscape,
  jsonEscape,
  percentEncode,
  UNRESERVED,
  UNRESERVED_AND_MARKS,
} from "./escapes";

/** One form a value takes in text, and what to search for. */
export type LeakForm = { encoding: string; needle: string };

/** Shorter needles would match unrelated text by chance; canaries are much longer (see makeCanary). */
export const MIN_NEEDLE_LENGTH = 8;

/**
 * Every form in which `value` can leak into stored or printed text:
 * - raw, and each line of a multi-line value on its own;
 * - base64 and base64url at the 3 byte alignments, keeping only the characters that depend on the
 *   value's bytes alone, so it is found inside longer base64 (`Basic base64(user:pass)`), padded or not;
 * - hex in both cases; percent-encoding (RFC 3986, and with `!'()*` kept) and form encoding;
 * - JSON string escaping (as is, and with non-ASCII as `\u` escapes);
 * - HTML escaping (all five characters, a browser's text serialisation, attribute values);
 * - its UTF-8 bytes read as Latin-1 (a binary file such as a SQLite database read as text).
 * Needles shorter than MIN_NEEDLE_LENGTH are left out; each needle is listed once.
 */
export function leakForms(value: string): LeakForm[] {
  const bytes = utf8(value);
  const hex = toHex(bytes);
  const forms: LeakForm[] = [{ encoding: "raw", needle: value }];
  const lines = value.split(/\r?\n|\r/);
  if (lines.length > 1) {
    for (const [i, line] of lines.entries()) forms.push({ encoding: `line ${i + 1}`, needle: line });
  }
  for (const alignment of [0, 1, 2] as const) {
    const base64 = alignedBase64(bytes, alignment);
    forms.push({ encoding: `base64@${alignment}`, needle: base64 });
    forms.push({
      encoding: `base64url@${alignment}`,
      needle: base64.replaceAll("+", "-").replaceAll("/", "_"),
    });
  }
  forms.push(
    { encoding: "hex", needle: hex },
    { encoding: "HEX", needle: hex.toUpperCase() },
    { encoding: "percent", needle: percentEncode(value, UNRESERVED) },
    { encoding: "percent, !'()* kept", needle: percentEncode(value, UNRESERVED_AND_MARKS) },
    { encoding: "form", needle: percentEncode(value, FORM_SAFE, true) },
    { encoding: "json", needle: jsonEscape(value) },
    { encoding: "json, ASCII only", needle: jsonEscape(value, true) },
    { encoding: "html", needle: htmlEscape(value, "&<>\"'") },
    { encoding: "html text", needle: htmlEscape(value, "&<>\u00a0") },
    { encoding: "html attribute", needle: htmlEscape(value, '&<>"\u00a0') },
    { encoding: "utf-8 read as latin1", needle: toLatin1(bytes) },
  );
  const seen = new Set<string>();
  return forms.filter(({ needle }) => {
    if (needle.length < MIN_NEEDLE_LENGTH || seen.has(needle)) return false;
    seen.add(needle);
    return true;
  });
}

/**
 * Base64 of the value as it appears after `alignment` unknown bytes (0, 1 or 2), without the
 * characters that also carry bits of the bytes before or after it: the first 0, 2 or 3 characters
 * mix in the bytes before; the last one mixes in the bytes after unless the value ends a group.
 */
function alignedBase64(bytes: Uint8Array, alignment: 0 | 1 | 2): string {
  const shifted = new Uint8Array(alignment + bytes.length);
  shifted.set(bytes, alignment);
  const encoded = toBase64(shifted).replace(/=+$/, "");
  const endsGroup = shifted.length % 3 === 0;
  return encoded.slice([0, 2, 3][alignment], endsGroup ? encoded.length : encoded.length - 1);
}
