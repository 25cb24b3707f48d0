const MASK = "••••••••";

/**
 * The preview shown before saving, computed exactly as the API stores it (apps/api preview.ts;
 * mask-preview.test.ts keeps the two in step): eight dots whatever the length, the last 4
 * characters from 16 characters on, the first 4 as well from 24 on.
 */
export function maskPreview(value: string): string {
  const chars = Array.from(value);
  if (chars.length >= 24) return `${chars.slice(0, 4).join("")}${MASK}${chars.slice(-4).join("")}`;
  if (chars.length >= 16) return `${MASK}${chars.slice(-4).join("")}`;
  return MASK;
}
