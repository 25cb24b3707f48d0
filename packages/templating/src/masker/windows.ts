import { foldEqual } from "./code-units";

/**
 * Windows: pieces of a value long enough to matter. A service that truncates a value in an error
 * (`invalid api key: sk_live_51Hq…`), or splits it over two fields, still prints most of it; the
 * masker masks any piece that holds a qualifying window of a value, grown to everything around it
 * that continues the value (seed and extend), so the whole visible part is covered.
 */

/** Values shorter than this are masked only whole: half of them is under 8 characters. */
export const MIN_WINDOWED_LENGTH = 16;
/** The window: every 12-character piece, or half the value, whichever is shorter. */
export const WINDOW_LENGTH = 12;

/** Window length for a value of `length` code units, 0 when the value has no windows. */
export function windowLength(length: number): number {
  if (length < MIN_WINDOWED_LENGTH) return 0;
  return Math.min(WINDOW_LENGTH, Math.ceil(length / 2));
}

/**
 * Whether a window looks like part of a token rather than ordinary text, so that a secret made of
 * words (`correct-horse-battery`) or a URL (`https://hooks.…`) does not mask every text that
 * shares a word with it. A window qualifies when it has at least half as many distinct characters
 * as its length (no `000000000000`, no `abababababab`), at least 3 digits or capital letters
 * (`sed the conf`, `ttps://hook.` and `.com/v1/user` are text, `T0AB12CD3/B0` is a token), and no
 * run of 5 lower-case or 5 capital letters (a word). About 1 window in 6 of a random base62 token
 * fails; its neighbours still hold the piece, and extension covers the characters around them.
 */
export function qualifies(value: string, start: number, length: number): boolean {
  stamp++;
  let distinct = 0;
  let strong = 0;
  let lowerRun = 0;
  let upperRun = 0;
  for (let k = start; k < start + length; k++) {
    const c = value.charCodeAt(k);
    if (c >= 97 && c <= 122) {
      lowerRun++;
      upperRun = 0;
    } else if (c >= 65 && c <= 90) {
      upperRun++;
      lowerRun = 0;
      strong++;
    } else {
      if (c >= 48 && c <= 57) strong++;
      lowerRun = 0;
      upperRun = 0;
    }
    if (lowerRun >= 5 || upperRun >= 5) return false;
    // Distinct characters counted by their low byte: a collision only makes a window rarer.
    if (seenAt[c & 255] !== stamp) {
      seenAt[c & 255] = stamp;
      distinct++;
    }
  }
  return 2 * distinct >= length && strong >= 3;
}
const seenAt = new Int32Array(256);
let stamp = 0;

/** Start offsets of the qualifying windows of a value, first occurrence of each window only. */
export function qualifyingWindows(value: string): { length: number; starts: number[] } {
  const length = windowLength(value.length);
  const starts: number[] = [];
  if (!length) return { length, starts };
  // Identical windows (ASCII case folded) are kept once: a hash of each window, confirmed by
  // comparing the characters, so no window is sliced into a string.
  const firstByHash = new Map<number, number>();
  for (let start = 0; start + length <= value.length; start++) {
    if (!qualifies(value, start, length)) continue;
    let h = 0x811c9dc5;
    for (let k = start; k < start + length; k++) h = Math.imul(h ^ (value.charCodeAt(k) | 32), 0x01000193);
    const same = firstByHash.get(h);
    if (same === undefined) firstByHash.set(h, start);
    else if (sameFolded(value, same, start, length)) continue;
    starts.push(start);
  }
  return { length, starts };
}

function sameFolded(value: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++)
    if (!foldEqual(value.charCodeAt(a + k), value.charCodeAt(b + k))) return false;
  return true;
}

/** ASCII lower case (other characters unchanged, lengths kept). */
export function foldKey(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * Windows shorter than 12 characters (values of 16–23 characters), matched as explicit patterns;
 * the 12-character windows of longer values go to the block index (block-index.ts).
 */
export function shortWindowPatterns(forms: string[]): string[] {
  const out: string[] = [];
  for (const form of forms) {
    const { length, starts } = qualifyingWindows(form);
    if (length && length < WINDOW_LENGTH) for (const s of starts) out.push(form.slice(s, s + length));
  }
  return out;
}
