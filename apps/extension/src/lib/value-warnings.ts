/** Characters that are invisible when pasted and silently break an Authorization header. */
const INVISIBLE_RANGES: readonly [number, number][] = [
  [0x00, 0x08], // C0 controls except tab and line breaks
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x7f],
  [0xa0, 0xa0], // no-break space
  [0xad, 0xad], // soft hyphen
  [0x200b, 0x200f], // zero-width and direction marks
  [0x2028, 0x202e], // line/paragraph separators, bidi embeddings
  [0x2060, 0x2064], // word joiner and invisible operators
  [0xfeff, 0xfeff], // byte-order mark
];

function hasInvisible(value: string): boolean {
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to)) return true;
  }
  return false;
}

/** Same threshold as the API: shorter values get masked everywhere they occur in run logs. */
export const SHORT_VALUE_LENGTH = 8;

/** Problems worth a second look before saving; each says what to do about it. */
export function valueWarnings(value: string): string[] {
  if (value.length === 0) return [];
  const warnings: string[] = [];
  if (value !== value.trim()) {
    warnings.push("Starts or ends with spaces or line breaks. Remove them unless the service expects them.");
  }
  if (hasInvisible(value)) {
    warnings.push("Contains invisible characters (often from copying). Paste it again from the source.");
  }
  if (Array.from(value).length < SHORT_VALUE_LENGTH) {
    warnings.push("Very short for a credential. Check that you copied all of it.");
  }
  return warnings;
}
