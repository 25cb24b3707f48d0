import { secretVariants } from "./encodings";
import { mergeRangeLists, RangeList } from "./ranges";
import { WuManber } from "./wu-manber";

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
 * Masked ranges of `text` (positions shifted by `offset`): all matches, overlapping and touching
 * ones merged, each range named after the value whose match starts first (longest at that start).
 */
export function findMaskedRanges(matcher: CompiledMatcher, text: string, offset = 0): RangeList {
  const lists = matcher.tiers.map((tier, t) => {
    const list = new RangeList();
    tier.scan(text, list, matcher.owner, matcher.tierBase[t] as number, offset);
    return list;
  });
  return lists.length === 1 ? (lists[0] as RangeList) : lists.reduce(mergeRangeLists);
}
