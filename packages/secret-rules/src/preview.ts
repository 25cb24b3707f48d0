/** Width of every preview, in code points: the same for every value, so it never tells the length. */
export const PREVIEW_WIDTH = 16;
/** How many trailing characters a preview shows, and only for values of `PREVIEW_SHOWS_TAIL_FROM`+. */
export const PREVIEW_TAIL = 4;
export const PREVIEW_SHOWS_TAIL_FROM = 24;

const DOT = "•";

/**
 * The masked preview stored with a secret and shown before saving. Always `PREVIEW_WIDTH` code points:
 * 12 dots and the LAST 4 characters for a value of 24+ characters, 16 dots for anything shorter. So a
 * preview never reveals a value's first characters, its length or a length bucket below 24, and a
 * short value (a PIN, a password) shows nothing at all. Counted in code points so an emoji is never
 * cut in half.
 */
export function createPreview(value: string): string {
  const chars = Array.from(value);
  if (chars.length < PREVIEW_SHOWS_TAIL_FROM) return DOT.repeat(PREVIEW_WIDTH);
  return `${DOT.repeat(PREVIEW_WIDTH - PREVIEW_TAIL)}${chars.slice(-PREVIEW_TAIL).join("")}`;
}
