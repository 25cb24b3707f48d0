/**
 * How deep trigger data, step outputs and script inputs may nest. Real payloads stay far below
 * (a GitHub or Stripe event nests about 6 levels); what goes deeper is an attack on the recursive
 * parts downstream (JSON.stringify on the way to D1, the masker, QuickJS's JSON.parse), each of
 * which would overflow its stack. Both checks below are iterative, so they cannot overflow themselves.
 */
export const MAX_JSON_DEPTH = 64;

export const jsonTooDeepMessage = (what: string): string =>
  `${what} is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`;

/**
 * True when JSON text opens more than `max` arrays/objects at once, counted in one pass over the
 * text (brackets inside strings do not count), before anything parses it.
 */
export function jsonTextTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** True when a parsed value nests more than `max` arrays/objects; walks with an explicit stack. */
export function jsonValueTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== "object") continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
