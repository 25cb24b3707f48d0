import { blockKeyAt, MAP_MULTIPLIER } from "./block-keys";
import { WINDOW_LENGTH } from "./windows";

/**
 * The postings of the block index: for every block a sampled text block must be compared with, what
 * it may belong to. A whole form of 12+ characters posts the 9 blocks of its first 12 characters; a
 * text form posts every block that lies inside one of its qualifying 12-character windows. Each
 * posting also names two more blocks (the same one twice when one suffices) of which any match
 * through it contains at least one, so most hits are refused by key comparisons without reading
 * the form: for a whole form, a block 8 or 4 characters away; for a window, the 4 characters
 * before the block and the 4 after it (a window around the block holds one or the other). Check
 * blocks end 8 or 4 characters before or after the posted one (CHECK_OFFSETS), so a hit reads the
 * text's 4 check keys once for all its postings.
 */
export interface BlockPostings {
  /**
   * Open-addressed map from block key to its run of postings, 3 entries per slot in one array so
   * a lookup touches one cache line: key, from, to (to = 0 marks an empty slot).
   */
  map: Int32Array;
  mapShift: number;
  /** Distinct keys (to build the gate). */
  distinct: Int32Array;
  /** ≥ 0: a whole form (pattern index); < 0: a text form with windows (−1 − form index). */
  ref: Int32Array;
  /** Where the posted block ends in its form. */
  at: Int32Array;
  /** Which of CHECK_OFFSETS the two check blocks end at: A in bits 0–1, B in bits 2–3. */
  checks: Uint8Array;
  checkKeyA: Int32Array;
  checkKeyB: Int32Array;
}

/** Where a check block may end, relative to the end of the posted block. */
export const CHECK_OFFSETS = [-8, -4, 4, 8] as const;
const checkIndex = (offset: number) => CHECK_OFFSETS.indexOf(offset as -8 | -4 | 4 | 8);

const W = WINDOW_LENGTH;

/**
 * Builds the postings in time linear in the total length (one pass to list them, a sort of their
 * keys to count distinct ones, a stable counting placement). Within a key, whole forms come first,
 * by block end descending (so their matches come in increasing start order) then pattern index,
 * then windows in form order.
 */
export function buildBlockPostings(patterns: string[], forms: string[], starts: Int32Array[]): BlockPostings {
  let total = patterns.length * (W - 3);
  for (let f = 0; f < forms.length; f++) total += coveredBlocks(starts[f] as Int32Array);
  const key = new Int32Array(total);
  const ref = new Int32Array(total);
  const at = new Int32Array(total);
  const checks = new Uint8Array(total);
  const checkKeyA = new Int32Array(total);
  const checkKeyB = new Int32Array(total);
  let n = 0;
  const post = (r: number, end: number, checkA: number, checkB: number, form: string) => {
    key[n] = blockKeyAt(form, end);
    ref[n] = r;
    at[n] = end;
    checks[n] = checkIndex(checkA - end) | (checkIndex(checkB - end) << 2);
    checkKeyA[n] = blockKeyAt(form, checkA);
    checkKeyB[n] = blockKeyAt(form, checkB);
    n++;
  };
  for (let end = W - 1; end >= 3; end--) {
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p] as string;
      // A block of the form that does not overlap this one, 8 characters away if it can be, else 4
      // (a block ending at 7 or later has one 4 characters back).
      const last = pattern.length - 1;
      const check = end + 8 <= last ? end + 8 : end >= 11 ? end - 8 : end + 4 <= last ? end + 4 : end - 4;
      post(p, end, check, check, pattern);
    }
  }
  forms.forEach((form, f) => {
    const qs = starts[f] as Int32Array;
    // Windows covering the block ending at `end` start in [end − 11, end − 3]: lo…hi index them.
    let lo = 0;
    let hi = -1;
    for (let end = 3; end < form.length; end++) {
      while (hi + 1 < qs.length && (qs[hi + 1] as number) <= end - 3) hi++;
      while (lo < qs.length && (qs[lo] as number) < end - (W - 1)) lo++;
      if (lo > hi) continue;
      // A window starting at or before end − 7 holds the 4 characters before the block; one starting
      // at or after it, the 4 after. Check the side(s) some covering window reaches.
      const before = (qs[lo] as number) <= end - 7;
      const after = (qs[hi] as number) >= end - 7;
      post(-1 - f, end, before ? end - 4 : end + 4, after ? end + 4 : end - 4, form);
    }
  });

  const sorted = key.slice().sort();
  let distinctCount = 0;
  for (let k = 0; k < total; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinctCount++;
  const distinct = new Int32Array(distinctCount);
  const bits = Math.max(4, Math.ceil(Math.log2(distinctCount * 2 + 2)));
  const size = 1 << bits;
  const mapShift = 32 - bits;
  const map = new Int32Array(3 * size);
  const slotOf = (k: number) => {
    let s = Math.imul(k, MAP_MULTIPLIER) >>> mapShift;
    while (map[3 * s + 2] !== 0 && map[3 * s] !== k) s = (s + 1) & (size - 1);
    return s;
  };
  for (let k = 0, d = 0; k < total; ) {
    const value = sorted[k] as number;
    let j = k + 1;
    while (j < total && sorted[j] === value) j++;
    distinct[d++] = value;
    const s = slotOf(value);
    map[3 * s] = value;
    map[3 * s + 2] = j - k; // the count, made an end below
    k = j;
  }
  let next = 0;
  for (let s = 0; s < size; s++) {
    if (map[3 * s + 2] === 0) continue;
    map[3 * s + 1] = next;
    next += map[3 * s + 2] as number;
    map[3 * s + 2] = next;
  }
  // Stable placement: postings keep the order they were listed in within a key.
  const cursor = new Int32Array(size);
  for (let s = 0; s < size; s++) cursor[s] = map[3 * s + 1] as number;
  const order = new Uint32Array(total);
  for (let k = 0; k < total; k++) {
    const s = slotOf(key[k] as number);
    order[(cursor[s] as number)++] = k;
  }
  return {
    map,
    mapShift,
    distinct,
    ref: ref.map((_, k) => ref[order[k] as number] as number),
    at: at.map((_, k) => at[order[k] as number] as number),
    checks: checks.map((_, k) => checks[order[k] as number] as number),
    checkKeyA: checkKeyA.map((_, k) => checkKeyA[order[k] as number] as number),
    checkKeyB: checkKeyB.map((_, k) => checkKeyB[order[k] as number] as number),
  };
}

/** How many block ends lie inside at least one window starting at `starts` (sorted). */
function coveredBlocks(starts: Int32Array): number {
  let count = 0;
  let coveredTo = -1; // last block end counted
  for (const q of starts) {
    const from = Math.max(q + 3, coveredTo + 1);
    const to = q + W - 1;
    if (to >= from) count += to - from + 1;
    coveredTo = Math.max(coveredTo, to);
  }
  return count;
}
