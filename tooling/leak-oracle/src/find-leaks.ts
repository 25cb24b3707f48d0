import { leakForms } from "./leak-forms";

/** A planted value, bare or with the name a failure should print instead of the value. */
export type Canary = string | { name: string; value: string };

/** Text to search, or several texts by label (`{ "table secrets": …, logs: … }`). */
export type Haystack = string | Readonly<Record<string, string>>;

const CONTEXT_CHARS = 40;

/**
 * Where each canary occurs in the haystack, in any form of leakForms: one line per hit naming the
 * canary, the encoding, the haystack's label and the text just before it (never the needle itself).
 * Empty when nothing leaked, so a sweep reads `expect(findLeaks(text, canaries)).toEqual([])`.
 *
 * @example
 * expect(findLeaks({ logs, "table runs": JSON.stringify(rows) }, [apiKey, { name: "smtp", value }])).toEqual([]);
 */
export function findLeaks(haystack: Haystack, canaries: readonly Canary[]): string[] {
  const texts = typeof haystack === "string" ? { text: haystack } : haystack;
  const hits: string[] = [];
  canaries.forEach((canary, index) => {
    const { name, value } =
      typeof canary === "string" ? { name: `canary #${index + 1}`, value: canary } : canary;
    for (const { encoding, needle } of leakForms(value)) {
      for (const [label, text] of Object.entries(texts)) {
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const before = text.slice(Math.max(0, at - CONTEXT_CHARS), at);
        hits.push(`${name} (${encoding}) in ${label} after ${JSON.stringify(before)}`);
      }
    }
  });
  return hits;
}
