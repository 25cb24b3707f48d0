/**
 * Normalising runs of encoded text before matching, so a value is found however many layers of
 * escaping a service put around it: percent-encoding (repeated: `%2541`), JSON string escapes
 * (`\u002B`, `\/`, nested `\\u002B`), HTML/XML character references (`&#43;`, `&#x2B;`, `&amp;`),
 * and line breaks inside base64 (MIME and PEM wrap at 76 and 64 columns).
 *
 * Each decoded code unit remembers the span of the text it came from, so a match in the decoded
 * text masks every original character that carried part of the value.
 */

import {
  AMPERSAND,
  BACKSLASH,
  CR,
  decodeEntity,
  decodePercentRun,
  hexValue,
  isBase64LineBreak,
  isHex,
  JSON_SHORT,
  LF,
  PERCENT,
} from "./escapes";

/**
 * A decoded text: pieces, each either a copy of a stretch of the text it was decoded from or one
 * decoded escape. Mapping back to the original (rare: only for matches) walks up the parents.
 */
export interface DecodedView {
  text: string;
  /** The view this one was decoded from; undefined for the region as written. */
  parent: DecodedView | undefined;
  /** For the region as written: where it starts in the scanned text. */
  offset: number;
  /** The escape families this round decoded (a bit mask). */
  families: number;
  /** Per piece: start in `text`, span [src, srcEnd) in the parent's text, 1 for a decoded escape. */
  at: number[];
  src: number[];
  srcEnd: number[];
  escape: number[];
}

/** Decoding rounds: enough for three nested layers (`&amp;#x25;2B`, `%252B`, `\\\\u002B`). */
export const MAX_ROUNDS = 4;
/**
 * No decoded code unit stands for more than this many original characters (an escape that would is
 * left as it is): a double-percent-encoded 3-byte character is 15. It bounds how far a match can
 * reach in the original text, which is what `maxEncodedLength` promises streams and cuts.
 */
export const MAX_SPAN_PER_UNIT = 16;

/** The region of `text` as a view of itself. */
export function viewOf(text: string, start: number, end: number): DecodedView {
  return {
    text: text.slice(start, end),
    parent: undefined,
    offset: start,
    families: 0,
    at: [],
    src: [],
    srcEnd: [],
    escape: [],
  };
}

function pieceOf(view: DecodedView, d: number): number {
  const { at } = view;
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((at[mid] as number) <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where the code unit at `d` of a view starts in the scanned text. */
function startOf(view: DecodedView, d: number): number {
  const { parent } = view;
  if (!parent) return view.offset + d;
  const k = pieceOf(view, d);
  const src = view.src[k] as number;
  return startOf(parent, view.escape[k] ? src : src + d - (view.at[k] as number));
}

/** Where the code unit at `d` of a view ends in the scanned text. */
function endOf(view: DecodedView, d: number): number {
  const { parent } = view;
  if (!parent) return view.offset + d + 1;
  const k = pieceOf(view, d);
  if (view.escape[k]) return endOf(parent, (view.srcEnd[k] as number) - 1);
  return endOf(parent, (view.src[k] as number) + d - (view.at[k] as number));
}

/** The stretch [from, to) of the scanned text that units [start, end) of a view came from. */
export function originalSpan(view: DecodedView, start: number, end: number): [number, number] {
  return [startOf(view, start), endOf(view, end - 1)];
}

const TRIGGERS = ["%", "\\", "&", "\n"];

/** Escape families, combinable as a bit mask. */
export const PERCENT_ESCAPES = 1;
export const JSON_ESCAPES = 2;
export const HTML_ESCAPES = 4;
export const BASE64_LINE_BREAKS = 8;
export const ALL_ESCAPES = 15;
/**
 * Decoding every family at once reads a value that contains escape-like text (`%00"` HTML-escaped
 * as `%00&quot;`) as one more layer; one round of each family alone keeps it.
 */
export const SINGLE_FAMILIES = [PERCENT_ESCAPES, JSON_ESCAPES, HTML_ESCAPES, BASE64_LINE_BREAKS];

/** One decoding round over a view; undefined when nothing in it decodes. */
export function decodeRound(view: DecodedView, families = ALL_ESCAPES): DecodedView | undefined {
  const { text } = view;
  const decoded: DecodedView = {
    text: "",
    parent: view,
    offset: 0,
    families: 0,
    at: [],
    src: [],
    srcEnd: [],
    escape: [],
  };
  const parts: string[] = [];
  let length = 0;
  let copyFrom = 0;
  let changed = false;
  const copyUpTo = (end: number) => {
    if (end <= copyFrom) return;
    decoded.at.push(length);
    decoded.src.push(copyFrom);
    decoded.srcEnd.push(end);
    decoded.escape.push(0);
    parts.push(text.slice(copyFrom, end));
    length += end - copyFrom;
  };
  /** Emits a code point decoded from text[start, end) unless its span is too wide; returns success. */
  const emitPoint = (point: number, start: number, end: number): boolean => {
    const units = point > 0xffff ? 2 : 1;
    if (endOf(view, end - 1) - startOf(view, start) > MAX_SPAN_PER_UNIT * units) return false;
    copyUpTo(start);
    decoded.at.push(length);
    decoded.src.push(start);
    decoded.srcEnd.push(end);
    decoded.escape.push(1);
    parts.push(String.fromCodePoint(point));
    length += units;
    copyFrom = end;
    changed = true;
    return true;
  };
  const n = text.length;
  // Jump from one escape character to the next: most of a region is plain text.
  const nextAt = [-1, -1, -1, -1];
  const after = (k: number, from: number): number => {
    if ((nextAt[k] as number) < from) {
      const at = text.indexOf(TRIGGERS[k] as string, from);
      nextAt[k] = at < 0 ? n : at;
    }
    return nextAt[k] as number;
  };
  for (let i = 0; i < n; ) {
    i = Math.min(after(0, i), after(1, i), after(2, i), after(3, i));
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (
      c === PERCENT &&
      families & PERCENT_ESCAPES &&
      i + 2 < n &&
      isHex(text.charCodeAt(i + 1)) &&
      isHex(text.charCodeAt(i + 2))
    ) {
      const used = decodePercentRun(text, i, emitPoint);
      if (used) {
        i += used;
        decoded.families |= PERCENT_ESCAPES;
        continue;
      }
    } else if (c === BACKSLASH && families & JSON_ESCAPES && i + 1 < n) {
      const escaped = text.charCodeAt(i + 1);
      if (escaped === 117 && i + 5 < n) {
        let point = 0;
        let k = 2;
        for (; k < 6 && isHex(text.charCodeAt(i + k)); k++)
          point = point * 16 + hexValue(text.charCodeAt(i + k));
        if (k === 6 && emitPoint(point, i, i + 6)) {
          i += 6;
          decoded.families |= JSON_ESCAPES;
          continue;
        }
      } else if (JSON_SHORT[escaped] !== undefined && emitPoint(JSON_SHORT[escaped] as number, i, i + 2)) {
        i += 2;
        decoded.families |= JSON_ESCAPES;
        continue;
      }
    } else if (c === AMPERSAND && families & HTML_ESCAPES) {
      const used = decodeEntity(text, i, emitPoint);
      if (used) {
        i += used;
        decoded.families |= HTML_ESCAPES;
        continue;
      }
    } else if (c === LF && families & BASE64_LINE_BREAKS && isBase64LineBreak(text, i)) {
      // The break is LF or CR LF; the CR is dropped with it.
      copyUpTo(text.charCodeAt(i - 1) === CR ? i - 1 : i);
      i++;
      copyFrom = i;
      changed = true;
      decoded.families |= BASE64_LINE_BREAKS;
      continue;
    }
    i++;
  }
  if (!changed) return undefined;
  copyUpTo(n);
  decoded.text = flatten(parts.join(""));
  return decoded;
}

/** A joined string is a rope in V8, scanned far slower than a flat one; Number() flattens it. */
function flatten(text: string): string {
  Number(text);
  return text;
}
