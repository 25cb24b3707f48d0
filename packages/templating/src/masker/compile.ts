import { secretVariants } from "./encodings";
import { type MatchList, WuManber } from "./wu-manber";

/** Patterns shorter than this go to a separate block-of-1 matcher so they cannot slow the main one. */
const MAIN_MIN_LENGTH = 4;

/** One compiled matcher for a set of values: every variant of every value. */
export interface CompiledMatcher {
  /** Sorted unique values the matcher was built for (the cache key). */
  values: string[];
  /** Value index (into `values`) of each pattern. */
  owner: Int32Array;
  /** Length of the longest pattern: how much text a stream must hold back (minus one). */
  longest: number;
  /** At most two scans: all patterns of ≥ 4 chars, and raw values of 1–3 chars if any. */
  tiers: WuManber[];
  tierBase: number[];
}

export function compileMatcher(values: string[]): CompiledMatcher {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    for (const pattern of secretVariants(value)) if (!seen.has(pattern)) seen.set(pattern, index);
  });
  const long: string[] = [];
  const short: string[] = [];
  for (const pattern of seen.keys()) (pattern.length >= MAIN_MIN_LENGTH ? long : short).push(pattern);
  const ordered = [...long, ...short];
  const owner = Int32Array.from(ordered, (p) => seen.get(p) as number);
  const tiers: WuManber[] = [];
  const tierBase: number[] = [];
  if (long.length) {
    tiers.push(new WuManber(long));
    tierBase.push(0);
  }
  if (short.length) {
    tiers.push(new WuManber(short));
    tierBase.push(long.length);
  }
  let longest = 0;
  for (const p of ordered) longest = Math.max(longest, p.length);
  return { values, owner, longest, tiers, tierBase };
}

/** Approximate memory a compiled matcher holds (typed arrays + pattern strings). */
export function matcherByteSize(matcher: CompiledMatcher): number {
  return matcher.tiers.reduce((sum, tier) => sum + tier.byteSize, matcher.owner.byteLength);
}

/**
 * Masked ranges of `text`: all matches, overlapping and adjacent ones merged. Each range is named
 * after the value whose match starts first (the longest one at that start).
 */
export function findMaskedRanges(matcher: CompiledMatcher, text: string): MatchList {
  return mergeRanges(findMatches(matcher, text));
}

/**
 * Every match in `text` as (start + offset, end + offset, value index), sorted by start.
 * With `below`, only matches starting before it are kept.
 */
export function findMatches(
  matcher: CompiledMatcher,
  text: string,
  offset = 0,
  below = Number.POSITIVE_INFINITY,
  into: MatchList = { starts: [], ends: [], ids: [] },
): MatchList {
  const found: MatchList = { starts: [], ends: [], ids: [] };
  matcher.tiers.forEach((tier, t) => {
    const before = found.ids.length;
    tier.scan(text, found);
    const base = matcher.tierBase[t] as number;
    for (let i = before; i < found.ids.length; i++) {
      found.ids[i] = matcher.owner[(found.ids[i] as number) + base] as number;
    }
  });
  const order = found.starts.map((_, i) => i);
  if (matcher.tiers.length > 1)
    order.sort((a, b) => (found.starts[a] as number) - (found.starts[b] as number));
  for (const i of order) {
    const start = found.starts[i] as number;
    if (start >= below) continue;
    into.starts.push(start + offset);
    into.ends.push((found.ends[i] as number) + offset);
    into.ids.push(found.ids[i] as number);
  }
  return into;
}

/** Merges overlapping or touching matches (sorted by start) into named ranges. */
export function mergeRanges(found: MatchList): MatchList {
  const merged: MatchList = { starts: [], ends: [], ids: [] };
  if (!found.starts.length) return merged;
  let start = -1;
  let end = -1;
  let id = -1;
  let idLength = 0;
  for (let i = 0; i < found.starts.length; i++) {
    const s = found.starts[i] as number;
    const e = found.ends[i] as number;
    if (s <= end) {
      if (s === start && e - s > idLength) {
        id = found.ids[i] as number;
        idLength = e - s;
      }
      if (e > end) end = e;
      continue;
    }
    if (start >= 0) {
      merged.starts.push(start);
      merged.ends.push(end);
      merged.ids.push(id);
    }
    start = s;
    end = e;
    id = found.ids[i] as number;
    idLength = e - s;
  }
  merged.starts.push(start);
  merged.ends.push(end);
  merged.ids.push(id);
  return merged;
}
