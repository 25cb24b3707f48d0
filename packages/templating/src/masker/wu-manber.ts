/**
 * A Wu–Manber multi-pattern matcher over UTF-16 code units, in typed arrays.
 *
 * Every pattern is seen through its first `m` characters (m = shortest pattern, capped). For each
 * hashed block of B characters the shift table says how far the window may jump before that block
 * could end an m-prefix. Clean text therefore costs one hash and one table load per ~(m − B + 1)
 * characters, whatever the number of patterns: more patterns only fill the table a little more.
 * A zero shift means "some m-prefix may end here": only the patterns in that block's bucket are
 * compared, first by one character, then with startsWith.
 */

import { foldedAt } from "./code-units";
import { buildSlotBuckets } from "./slot-buckets";
/** Where matches go: a merging RangeList, or a plain list of matches. */
export interface MatchSink {
  add(start: number, end: number, id: number): void;
}

const MAX_PREFIX = 128;
/**
 * The shift table is at most 2^20 bytes: measured on a 16 MiB log with 15k patterns, a 1 MiB table
 * scanned ~1.5× faster than a 4 MiB one despite more collisions, because it stays in cache.
 */
const MAX_TABLE_BITS = 20;
const TABLE_BITS_PER_GRAM = 2;

/** Knobs for experiments and tests; the defaults are what the benchmark chose. */
export interface WuManberTuning {
  maxPrefix?: number;
  maxTableBits?: number;
  block?: number;
}

export class WuManber {
  readonly m: number;
  readonly block: number;
  private readonly patterns: string[];
  /** How far a block may let the scan jump (0: some pattern prefix may end with it). */
  private readonly shift: Uint8Array;
  private readonly hashShift: number;
  private readonly firstChar: Uint16Array;
  /** Open-addressed map: table slot → run of pattern indices in `bucketPatterns`. */
  private readonly bucketKeys: Int32Array;
  private readonly bucketFrom: Uint32Array;
  private readonly bucketTo: Uint32Array;
  private readonly bucketPatterns: Uint32Array;

  /** 1 where a pattern matches with ASCII letters in either case (values of 12+ characters). */
  private readonly fold: Uint8Array;

  constructor(patterns: string[], tuning: WuManberTuning = {}, fold?: Uint8Array) {
    if (!patterns.length || patterns.length >= 2 ** 21)
      throw new Error("WuManber takes 1 to 2^21 − 1 patterns");
    this.patterns = patterns;
    this.fold = fold ?? new Uint8Array(patterns.length);
    let shortest = Number.POSITIVE_INFINITY;
    for (const p of patterns) shortest = Math.min(shortest, p.length);
    const m = Math.min(shortest, tuning.maxPrefix ?? MAX_PREFIX);
    const B = Math.min(m, tuning.block ?? (m >= 12 ? 4 : m >= 6 ? 3 : m >= 4 ? 2 : 1));
    this.m = m;
    this.block = B;

    const grams = patterns.length * (m - B + 1);
    const wanted = Math.ceil(Math.log2(grams)) + TABLE_BITS_PER_GRAM;
    const bits = Math.min(tuning.maxTableBits ?? MAX_TABLE_BITS, Math.max(10, wanted));
    this.hashShift = 32 - bits;
    const shift = new Uint8Array(1 << bits).fill(m - B + 1);
    const lastSlot = new Uint32Array(patterns.length);
    this.firstChar = new Uint16Array(patterns.length);
    const hashShift = this.hashShift;
    for (let p = 0; p < patterns.length; p++) {
      const text = patterns[p] as string;
      this.firstChar[p] = text.charCodeAt(0) | 32;
      // The last four characters in registers: one charCodeAt per block (build time is ~all here).
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let end = 0; end < m; end++) {
        c0 = c1;
        c1 = c2;
        c2 = c3;
        c3 = text.charCodeAt(end) | 32;
        if (end < B - 1) continue;
        // Same packing as scan(): the block's first character in the low bits.
        const h =
          B === 4
            ? c0 ^ (c1 << 7) ^ (c2 << 14) ^ (c3 << 21)
            : B === 3
              ? c1 ^ (c2 << 7) ^ (c3 << 14)
              : B === 2
                ? c2 ^ (c3 << 7)
                : c3;
        const slot = Math.imul(h, 0x9e3779b1) >>> hashShift;
        const s = m - 1 - end;
        if (s < (shift[slot] as number)) shift[slot] = s;
        if (s === 0) lastSlot[p] = slot;
      }
    }
    this.shift = shift;

    // Index patterns by the slot of their last block: sort by slot, then an open-addressed map
    // from slot to its run in `bucketPatterns`.
    const order = new Uint32Array(patterns.length);
    const keyed = new Float64Array(patterns.length);
    for (let p = 0; p < keyed.length; p++) keyed[p] = (lastSlot[p] as number) * 2 ** 21 + p;
    keyed.sort();
    for (let p = 0; p < keyed.length; p++) order[p] = (keyed[p] as number) % 2 ** 21;
    this.bucketPatterns = order;
    let distinct = 0;
    for (let i = 0; i < order.length; i++) {
      if (i === 0 || lastSlot[order[i] as number] !== lastSlot[order[i - 1] as number]) distinct++;
    }
    const size = 1 << Math.ceil(Math.log2(distinct * 2 + 1));
    ({
      keys: this.bucketKeys,
      from: this.bucketFrom,
      to: this.bucketTo,
    } = buildSlotBuckets(order, (p) => lastSlot[p] as number, size));
  }

  /** Bytes held by the tables and patterns (patterns counted at 2 bytes per code unit). */
  get byteSize(): number {
    let chars = 0;
    for (const p of this.patterns) chars += p.length;
    const tables = [
      this.shift,
      this.firstChar,
      this.bucketKeys,
      this.bucketFrom,
      this.bucketTo,
      this.bucketPatterns,
    ];
    return tables.reduce((sum, t) => sum + t.byteLength, 0) + 2 * chars;
  }

  /**
   * Adds every occurrence (overlapping ones too) to `out` in increasing start order, as
   * (start + offset, end + offset, owners[ownerBase + pattern index]).
   */
  scan(text: string, out: MatchSink, owners: Int32Array, ownerBase: number, offset: number): void {
    const { m, block: B, shift, hashShift } = this;
    const n = text.length;
    let i = m - 1;
    while (i < n) {
      // Block hash: characters with the ASCII case bit set (so a case-folded pattern hashes like
      // its text), packed 7 bits apart, then one multiplicative hash. Unrolled for B = 4, the
      // common case and the whole cost of clean text.
      let h: number;
      if (B === 4) {
        h =
          (text.charCodeAt(i - 3) | 32) ^
          ((text.charCodeAt(i - 2) | 32) << 7) ^
          ((text.charCodeAt(i - 1) | 32) << 14) ^
          ((text.charCodeAt(i) | 32) << 21);
      } else if (B === 3) {
        h =
          (text.charCodeAt(i - 2) | 32) ^
          ((text.charCodeAt(i - 1) | 32) << 7) ^
          ((text.charCodeAt(i) | 32) << 14);
      } else {
        h = 0;
        for (let k = i - B + 1, bit = 0; k <= i; k++, bit += 7) h ^= (text.charCodeAt(k) | 32) << bit;
      }
      const slot = Math.imul(h, 0x9e3779b1) >>> hashShift;
      const s = shift[slot] as number;
      if (s !== 0) {
        i += s;
        continue;
      }
      this.verifyAt(text, i, slot, out, owners, ownerBase, offset);
      i++;
    }
  }

  /** Compares the patterns whose m-prefix ends with the block in `slot` (zero shift) at text end `i`. */
  verifyAt(
    text: string,
    i: number,
    slot: number,
    out: MatchSink,
    owners: Int32Array,
    ownerBase: number,
    offset: number,
  ): void {
    const { m, bucketKeys, bucketPatterns, firstChar, patterns } = this;
    const mask = bucketKeys.length - 1;
    let at = (Math.imul(slot, 0x85ebca6b) >>> 0) & mask;
    while (bucketKeys[at] !== slot) at = (at + 1) & mask;
    const start = i - m + 1;
    if (start < 0) return;
    const first = text.charCodeAt(start) | 32;
    for (let b = this.bucketFrom[at] as number, to = this.bucketTo[at] as number; b < to; b++) {
      const p = bucketPatterns[b] as number;
      if (firstChar[p] !== first) continue;
      const pattern = patterns[p] as string;
      if (this.fold[p] === 1 ? foldedAt(text, start, pattern) : text.startsWith(pattern, start)) {
        out.add(start + offset, start + offset + pattern.length, owners[ownerBase + p] as number);
      }
    }
  }
}
