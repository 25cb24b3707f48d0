import { foldEqual } from "../code-units";
import { secretPatterns, textForms } from "../encodings";
import { findTailStarts, tailStartForms } from "../escape-tails";
import { decodedViews } from "../find-ranges";
import type { SecretToMask } from "../masker";
import { originalSpan, viewOf } from "../normalise";
import type { PieceList } from "../ranges";
import { foldKey, qualifyingWindows, shortWindowPatterns, WINDOW_LENGTH } from "../windows";

interface Match {
  start: number;
  end: number;
  value: string;
  /** Found in a decoded view (at one start and end, a match in the text as written names the range). */
  decoded?: boolean;
}

/**
 * The slow, obviously-correct masker the fast one is checked against: indexOf for every pattern and
 * every 12-character window (grown character by character to the whole run of the value), in the
 * text and in the decodings of the WHOLE text (the fast masker decodes only regions around
 * escapes), then the same merge rules (overlapping or touching ranges merge; the name is the value
 * whose match starts first, the longest at that start; a pattern shared by two values belongs to
 * the value that sorts first; a value shared by two names masks as the first name).
 */
export function naiveMask(secrets: SecretToMask[], text: string): string {
  const values = [...new Set(secrets.map((s) => s.value).filter(Boolean))].sort();
  const owner = new Map<string, { value: string; fold: boolean }>();
  const seeds: { form: string; start: number; value: string }[] = [];
  for (const value of values) {
    const patterns = [
      ...secretPatterns(value),
      ...shortWindowPatterns(textForms(value)).map((text) => ({ text, fold: true })),
    ];
    for (const { text: p, fold } of patterns) {
      const known = owner.get(p);
      owner.set(p, { value: known?.value ?? value, fold: fold || (known?.fold ?? false) });
    }
    for (const form of textForms(value)) {
      const { length, starts } = qualifyingWindows(form);
      if (length === WINDOW_LENGTH) for (const start of starts) seeds.push({ form, start, value });
    }
  }
  const nameOf = new Map<string, string>();
  for (const { name, value } of secrets) if (!nameOf.has(value)) nameOf.set(value, name);

  const matches: Match[] = [];
  const whole = viewOf(text, 0, text.length);
  const views = decodedViews(whole);
  for (const view of [whole, ...views]) {
    for (const m of naiveMatches(view.text, owner, seeds)) {
      const [start, end] = originalSpan(view, m.start, m.end);
      matches.push({ start, end, value: m.value, decoded: view !== whole });
    }
  }
  // Forms starting inside an escape of the text (`%0` + `A%2520`): the same rule, on the whole text.
  const tails: PieceList = { starts: [], ends: [], ids: [] };
  findTailStarts(tailStartForms(values), whole, views, tails, 0);
  tails.starts.forEach((start, k) => {
    const value = values[tails.ids[k] as number] as string;
    matches.push({ start, end: tails.ends[k] as number, value, decoded: true });
  });
  const rank = new Map(values.map((v, i) => [v, i]));
  matches.sort(
    (a, b) =>
      a.start - b.start ||
      b.end - a.end ||
      Number(a.decoded ?? false) - Number(b.decoded ?? false) ||
      (rank.get(a.value) as number) - (rank.get(b.value) as number),
  );
  let out = "";
  let written = 0;
  for (let i = 0; i < matches.length; ) {
    const first = matches[i] as Match;
    let end = first.end;
    let j = i + 1;
    while (j < matches.length && (matches[j] as Match).start <= end) {
      end = Math.max(end, (matches[j] as Match).end);
      j++;
    }
    out += `${text.slice(written, first.start)}[masked:${nameOf.get(first.value)}]`;
    written = end;
    i = j;
  }
  return out + text.slice(written);
}

function naiveMatches(
  text: string,
  owner: Map<string, { value: string; fold: boolean }>,
  seeds: { form: string; start: number; value: string }[],
): Match[] {
  const folded = foldKey(text);
  const found: Match[] = [];
  const all = (haystack: string, needle: string, add: (at: number) => void) => {
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) add(at);
  };
  for (const [pattern, { value, fold }] of owner) {
    const [haystack, needle] = fold ? [folded, foldKey(pattern)] : [text, pattern];
    all(haystack, needle, (at) => found.push({ start: at, end: at + pattern.length, value }));
  }
  for (const { form, start: o, value } of seeds) {
    all(folded, foldKey(form.slice(o, o + WINDOW_LENGTH)), (at) => {
      let start = at;
      let formAt = o;
      while (start > 0 && formAt > 0 && foldEqual(text.charCodeAt(start - 1), form.charCodeAt(formAt - 1))) {
        start--;
        formAt--;
      }
      let end = at + WINDOW_LENGTH;
      while (
        end < text.length &&
        o + (end - at) < form.length &&
        foldEqual(text.charCodeAt(end), form.charCodeAt(o + (end - at)))
      )
        end++;
      found.push({ start, end, value });
    });
  }
  return found;
}

/** Runs text through a masking TransformStream in the given chunk sizes (cycled). */
export async function streamMask(
  stream: TransformStream<string, string>,
  text: string,
  sizes: number[],
): Promise<string> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const parts: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parts.push(value);
    }
  })();
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    await writer.write(text.slice(at, at + size));
    at += size;
  }
  await writer.close();
  await reading;
  return parts.join("");
}
