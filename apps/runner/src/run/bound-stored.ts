import { STORED_FIELD_LIMITS } from "@workflow-secrets/db";

/**
 * Bounds for what one step row stores (STORED_FIELD_LIMITS of the run lifecycle in packages/db),
 * applied AFTER masking: a cut before masking could leave the first part of a secret where the
 * masker no longer sees it whole. With them a step's result cannot fail to store for its size.
 */
export { STORED_FIELD_LIMITS };

/** A JSON value (request, response, output) that was cut to fit: what a reader of the run sees. */
export type CutJson = { cut: string; text: string };

/**
 * `value` when its JSON text fits in `limit`. Otherwise, for an HTTP-like `{ status, headers, body }`,
 * the body alone is cut (as text) so status and headers stay readable by later steps; for anything
 * else, the JSON text is cut. Either way the stored value says where and why.
 */
export function boundJson(value: unknown, limit: number, field: string): unknown {
  if (value === null || value === undefined) return value ?? null;
  const text = JSON.stringify(value);
  if (text.length <= limit) return value;
  if (typeof value === "object" && !Array.isArray(value) && "body" in value) {
    const { body, ...rest } = value as Record<string, unknown>;
    const bodyText = typeof body === "string" ? body : JSON.stringify(body);
    const note = `the body was ${bodyText.length} characters once masked; only the first part is stored`;
    // JSON escaping can grow the body's text: leave it room, then check the result fits.
    const room = limit - JSON.stringify(rest).length - note.length - 64;
    if (room > 0) return { ...rest, body: prefixFitting(bodyText, room), truncated: true, cut: note };
  }
  const cut = `${field} was ${text.length} characters of JSON once masked; only its first part is stored, as text`;
  return { cut, text: prefixFitting(text, limit - cut.length - 32) } satisfies CutJson;
}

/** The longest prefix of `text` whose JSON string form (escapes included) takes at most `room` units. */
function prefixFitting(text: string, room: number): string {
  if (JSON.stringify(text).length <= room) return text;
  let low = 0;
  let high = Math.min(text.length, room);
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (JSON.stringify(text.slice(0, mid)).length <= room) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low);
}

/** `text` when it fits in `limit`; otherwise cut, with a note of where. */
export function boundText(text: string | null, limit: number): string | null {
  if (text === null || text.length <= limit) return text;
  const note = ` […cut: ${text.length} characters once masked, the first ${limit} are stored]`;
  return text.slice(0, limit - note.length) + note;
}
