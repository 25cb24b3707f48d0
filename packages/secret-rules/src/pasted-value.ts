/** Values shorter than this are masked everywhere they occur, so run logs will be over-masked. */
export const SHORT_VALUE_CHARS = 8;

/**
 * Something about a pasted value the user probably did not mean to save as is. Never blocking; each
 * UI words the code itself and never quotes the value.
 */
export type PastedValueCode =
  /** Starts or ends with whitespace or a line break (kept as is when saved). */
  | "surrounding-whitespace"
  /** Holds characters that do not show when pasted (see {@link INVISIBLE_RANGES}). */
  | "invisible-characters"
  /** Wrapped in matching quotes, as copied from a JSON or .env file. */
  | "wrapped-in-quotes"
  /** Holds `{{`: a template was pasted where the value belongs (a value is never rendered). */
  | "template-syntax"
  /** Shorter than {@link SHORT_VALUE_CHARS} characters. */
  | "short-value";

/**
 * Code points that are invisible when pasted and silently break an Authorization header: C0 controls
 * other than tab and line breaks, DEL, no-break space, soft hyphen, the Mongolian vowel separator,
 * zero-width characters, direction marks and embeddings, line/paragraph separators, word joiner and
 * invisible operators, bidi isolates and deprecated format characters, the byte-order mark.
 */
export const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x7f],
  [0xa0, 0xa0],
  [0xad, 0xad],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfeff, 0xfeff],
];

export function hasInvisibleCharacters(value: string): boolean {
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to)) return true;
  }
  return false;
}

const QUOTE_PAIRS: readonly string[] = ['""', "''", "``", "“”", "‘’"];

function isWrappedInQuotes(value: string): boolean {
  const trimmed = value.trim();
  if (Array.from(trimmed).length < 3) return false;
  return QUOTE_PAIRS.some((pair) => trimmed.startsWith(pair.charAt(0)) && trimmed.endsWith(pair.charAt(1)));
}

/**
 * Checks a value about to be saved; codes come in the order above. An empty value has none (it is
 * refused before it gets here, or not typed yet).
 */
export function checkPastedValue(value: string): PastedValueCode[] {
  if (value.length === 0) return [];
  const codes: PastedValueCode[] = [];
  if (value !== value.trim()) codes.push("surrounding-whitespace");
  if (hasInvisibleCharacters(value)) codes.push("invisible-characters");
  if (isWrappedInQuotes(value)) codes.push("wrapped-in-quotes");
  if (value.includes("{{")) codes.push("template-syntax");
  if (Array.from(value).length < SHORT_VALUE_CHARS) codes.push("short-value");
  return codes;
}
