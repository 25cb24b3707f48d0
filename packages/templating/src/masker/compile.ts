import { BlockIndex } from "./block-index";
import { secretPatterns, textForms } from "./encodings";
import { type TailForms, tailStartForms } from "./escape-tails";
import { MAX_SPAN_PER_UNIT } from "./normalise";
import { qualifyingWindows, shortWindowPatterns, WINDOW_LENGTH } from "./windows";
import { WuManber } from "./wu-manber";

/** Patterns shorter than this go to a separate block-of-1 matcher so they cannot slow the main one. */
const MAIN_MIN_LENGTH = 4;
/** Patterns this long go to the block index with the windows (it finds their first 12 characters). */
const INDEXED_MIN_LENGTH = WINDOW_LENGTH;

/** One compiled matcher for a set of values: every whole form and every window of every value. */
export interface CompiledMatcher {
  /** Sorted unique values the matcher was built for (the cache key). */
  values: string[];
  /** Value index (into `values`) of each pattern. */
  owner: Int32Array;
  /**
   * The widest stretch of original text one match is guaranteed to fit in: what a stream holds
   * back (minus one) and a cut drops. See `maxEncodedLength` in masker.ts.
   */
  longest: number;
  /** How far around an escape the text is decoded: the longest pattern plus one escape. */
  margin: number;
  /**
   * Whole forms of 12+ characters and the 12-character windows of values of 24+ characters: one
   * sampled scan (patterns are the first `indexed` entries of `owner`).
   */
  blocks: BlockIndex | undefined;
  /** Wu–Manber scans for the shorter patterns: 4–11 characters, and raw values of 1–3. */
  tiers: WuManber[];
  tierBase: number[];
  /** Text forms that may start inside an escape of the text (escape-tails.ts). */
  tailForms: TailForms;
}

export function compileMatcher(values: string[]): CompiledMatcher {
  const seen = new Map<string, number>();
  const folded = new Set<string>();
  const windowForms: string[] = [];
  const windowOwners: number[] = [];
  const windowStarts: number[][] = [];
  let longestForm = 0;
  values.forEach((value, index) => {
    for (const { text, fold } of secretPatterns(value)) {
      if (!seen.has(text)) seen.set(text, index);
      if (fold) folded.add(text);
    }
    const forms = textForms(value);
    for (const pattern of shortWindowPatterns(forms)) {
      if (!seen.has(pattern)) seen.set(pattern, index);
      folded.add(pattern);
    }
    for (const form of forms) {
      longestForm = Math.max(longestForm, form.length);
      const { length, starts } = qualifyingWindows(form);
      if (length !== WINDOW_LENGTH || !starts.length) continue;
      windowForms.push(form);
      windowOwners.push(index);
      windowStarts.push(starts);
    }
  });
  const indexed: string[] = [];
  const long: string[] = [];
  const short: string[] = [];
  for (const pattern of seen.keys()) {
    if (pattern.length >= INDEXED_MIN_LENGTH) indexed.push(pattern);
    else (pattern.length >= MAIN_MIN_LENGTH ? long : short).push(pattern);
  }
  const ordered = [...indexed, ...long, ...short];
  const owner = Int32Array.from(ordered, (p) => seen.get(p) as number);
  const foldFlags = (list: string[]) => Uint8Array.from(list, (p) => (folded.has(p) ? 1 : 0));
  const blocks =
    indexed.length || windowForms.length
      ? new BlockIndex(
          indexed,
          foldFlags(indexed),
          owner.subarray(0, indexed.length),
          windowForms,
          Int32Array.from(windowOwners),
          windowStarts,
        )
      : undefined;
  const tiers: WuManber[] = [];
  const tierBase: number[] = [];
  if (long.length) {
    tiers.push(new WuManber(long, {}, foldFlags(long)));
    tierBase.push(indexed.length);
  }
  if (short.length) {
    tiers.push(new WuManber(short, {}, foldFlags(short)));
    tierBase.push(indexed.length + long.length);
  }
  let longestPattern = 0;
  for (const p of ordered) longestPattern = Math.max(longestPattern, p.length);
  return {
    values,
    owner,
    longest: Math.max(longestPattern, MAX_SPAN_PER_UNIT * longestForm) + 16,
    margin: longestPattern + 16,
    blocks,
    tiers,
    tierBase,
    tailForms: tailStartForms(values),
  };
}

/** Approximate memory a compiled matcher holds (typed arrays + pattern strings). */
export function matcherByteSize(matcher: CompiledMatcher): number {
  const tiers = matcher.tiers.reduce((sum, tier) => sum + tier.byteSize, matcher.owner.byteLength);
  return tiers + (matcher.blocks?.byteSize ?? 0);
}
