import { BACKSLASH, isBase64LineBreak, isHex, JSON_SHORT, PERCENT } from "./escapes";

/**
 * Regions of `text` worth decoding: around every escape character (`%`, `\`, `&`) and every line
 * break inside base64, `margin` characters to each side (the longest value plus an escape: any
 * occurrence with an escape in it lies within), overlapping regions merged. Flat pairs [start, end).
 */
export function encodedRegions(text: string, margin: number): number[] {
  const points: number[] = [];
  for (const c of ["%", "\\", "&"]) {
    for (let at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) {
      if (startsEscape(text, at)) points.push(at);
    }
  }
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) {
    if (isBase64LineBreak(text, at)) points.push(at);
  }
  if (!points.length) return points;
  points.sort((a, b) => a - b);
  const regions: number[] = [];
  for (const p of points) {
    let start = Math.max(0, p - margin);
    // Never start inside a run of backslashes: its pairs decode from the run's first backslash.
    while (start > 0 && text.charCodeAt(start - 1) === BACKSLASH) start--;
    const end = Math.min(text.length, p + margin + 1);
    const last = regions.length - 1;
    if (last > 0 && start <= (regions[last] as number)) {
      regions[last] = Math.max(regions[last] as number, end);
    } else regions.push(start, end);
  }
  return regions;
}

/** Whether the `%`, `\` or `&` at `at` starts something a decoding round would decode. */
function startsEscape(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  if (c === PERCENT) return isHex(next) && isHex(text.charCodeAt(at + 2));
  if (c === BACKSLASH) return next === 117 || JSON_SHORT[next] !== undefined;
  return next === 35 || (next >= 97 && next <= 122);
}
