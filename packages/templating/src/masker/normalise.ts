/**
 * Normalising runs of encoded text before matching, so a value is found however many layers of
 * escaping a service put around it: percent-encoding (repeated: `%2541`), JSON string escapes
 * (`\u002B`, `\/`, nested `\\u002B`), HTML/XML character references (`&#43;`, `&#x2B;`, `&amp;`),
 * and line breaks inside base64 (MIME and PEM wrap at 76 and 64 columns).
 *
 * Each decoded code unit remembers the span of the text it came from, so a match in the decoded
 * text masks every original character that carried part of the value. A decoding round is in
 * decode-round.ts.
 */

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
export function startOf(view: DecodedView, d: number): number {
  const { parent } = view;
  if (!parent) return view.offset + d;
  const k = pieceOf(view, d);
  const src = view.src[k] as number;
  return startOf(parent, view.escape[k] ? src : src + d - (view.at[k] as number));
}

/** Where the code unit at `d` of a view ends in the scanned text. */
export function endOf(view: DecodedView, d: number): number {
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

/** Escape families, combinable as a bit mask. */
export const PERCENT_ESCAPES = 1;
export const JSON_ESCAPES = 2;
export const HTML_ESCAPES = 4;
export const BASE64_LINE_BREAKS = 8;
export const ALL_ESCAPES = 15;
/**
 * Decoding every family at once reads a value that contains escape-like text (`%00"` HTML-escaped
 * as `%00&quot;`) as one more layer; rounds of each family alone keep it (find-ranges.ts).
 */
export const SINGLE_FAMILIES = [PERCENT_ESCAPES, JSON_ESCAPES, HTML_ESCAPES, BASE64_LINE_BREAKS];
