/** Recognising and decoding one escape: percent bytes, JSON string escapes, HTML references. */

export const PERCENT = 37;
export const BACKSLASH = 92;
export const AMPERSAND = 38;
export const LF = 10;
export const CR = 13;
/** A line break is dropped when at least this many base64 characters precede it. */
const BASE64_LINE = 16;

export const isHex = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
export const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);
export const isBase64Char = (c: number) =>
  (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 43 || c === 47 || c === 45 || c === 95;

/** A line feed (or the LF of CR LF) with ≥ 16 base64 characters before it and one after it. */
export function isBase64LineBreak(text: string, at: number): boolean {
  const last = text.charCodeAt(at - 1) === CR ? at - 2 : at - 1;
  if (!isBase64Char(text.charCodeAt(last)) || !isBase64Char(text.charCodeAt(at + 1))) return false;
  if (last + 1 < BASE64_LINE) return false;
  for (let k = last; k > last - BASE64_LINE; k--) if (!isBase64Char(text.charCodeAt(k))) return false;
  return true;
}

const NAMED: Record<string, number> = { amp: 38, lt: 60, gt: 62, quot: 34, apos: 39 };
export const JSON_SHORT: Record<number, number> = {
  34: 34,
  92: 92,
  47: 47,
  39: 39,
  98: 8,
  102: 12,
  110: 10,
  114: 13,
  116: 9,
};

/** The smallest code point each UTF-8 sequence length may encode (longer forms are invalid). */
const MIN_POINT = [0, 0x80, 0x800, 0x10000];

/** Takes a code point decoded from text[start, end); false refuses it (its span is too wide). */
export interface PointSink {
  emitPoint(point: number, start: number, end: number): boolean;
}

/** The byte a `%XX` escape at `k` stands for, or −1. */
function percentByteAt(text: string, k: number): number {
  return text.charCodeAt(k) === PERCENT && isHex(text.charCodeAt(k + 1)) && isHex(text.charCodeAt(k + 2))
    ? hexValue(text.charCodeAt(k + 1)) * 16 + hexValue(text.charCodeAt(k + 2))
    : -1;
}

/**
 * Decodes the run of `%XX` escapes at `i` as UTF-8 (a byte that is not part of a valid sequence is
 * read as Latin-1, so `%E9` is é). Returns how many characters it consumed (0: none decoded).
 */
export function decodePercentRun(text: string, i: number, sink: PointSink): number {
  let at = i;
  const lead = percentByteAt(text, at);
  const extra =
    lead >= 0xf0 && lead <= 0xf4
      ? 3
      : lead >= 0xe0 && lead <= 0xef
        ? 2
        : lead >= 0xc2 && lead <= 0xdf
          ? 1
          : 0;
  let point = extra === 3 ? lead & 7 : extra === 2 ? lead & 15 : extra === 1 ? lead & 31 : lead;
  let valid = lead < 0x80 || extra > 0;
  for (let k = 1; valid && k <= extra; k++) {
    const b = percentByteAt(text, at + 3 * k);
    if (b < 0x80 || b > 0xbf) valid = false;
    else point = (point << 6) | (b & 63);
  }
  if (
    valid &&
    extra > 0 &&
    (point < (MIN_POINT[extra] as number) || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))
  )
    valid = false;
  if (valid && sink.emitPoint(point, at, at + 3 * (extra + 1))) return 3 * (extra + 1);
  // Latin-1 for a byte that starts no valid sequence.
  at = i;
  return sink.emitPoint(lead, at, at + 3) ? 3 : 0;
}

/** Decodes an HTML/XML character reference at `i`; returns the characters consumed (0: none). */
export function decodeEntity(text: string, i: number, sink: PointSink): number {
  if (text.charCodeAt(i + 1) === 35) {
    const hex = (text.charCodeAt(i + 2) | 32) === 120;
    let k = i + (hex ? 3 : 2);
    let point = 0;
    const first = k;
    for (; k < first + (hex ? 6 : 7); k++) {
      const d = text.charCodeAt(k);
      if (hex ? !isHex(d) : d < 48 || d > 57) break;
      point = point * (hex ? 16 : 10) + (hex ? hexValue(d) : d - 48);
    }
    // `&#0;` is decoded too (a browser shows U+FFFD, but XML-ish escapers write NUL that way and the
    // masker must see the value they meant).
    if (k === first || text.charCodeAt(k) !== 59 || point > 0x10ffff) return 0;
    if (point >= 0xd800 && point <= 0xdfff) return 0;
    return sink.emitPoint(point, i, k + 1) ? k + 1 - i : 0;
  }
  const semicolon = text.indexOf(";", i + 2);
  if (semicolon < 0 || semicolon > i + 5) return 0;
  const point = NAMED[text.slice(i + 1, semicolon)];
  if (point === undefined) return 0;
  return sink.emitPoint(point, i, semicolon + 1) ? semicolon + 1 - i : 0;
}
