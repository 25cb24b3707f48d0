const MASK = "••••••••";

/**
 * The masked preview stored with a secret and shown before saving. Fixed width so it never reveals
 * the length: the same eight dots for every value, the last 4 characters only from 16 characters on,
 * the first 4 as well from 24 on. Counted in code points so an emoji is never cut in half.
 */
export function createPreview(value: string): string {
  const chars = Array.from(value);
  if (chars.length >= 24) return `${chars.slice(0, 4).join("")}${MASK}${chars.slice(-4).join("")}`;
  if (chars.length >= 16) return `${MASK}${chars.slice(-4).join("")}`;
  return MASK;
}
