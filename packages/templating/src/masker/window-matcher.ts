import { foldEqual } from "./code-units";
import { buildSlotBuckets } from "./slot-buckets";
import { WINDOW_LENGTH } from "./windows";

/** Masked pieces found by the window matcher, in no particular order. */
export interface PieceList {
  starts: number[];
  ends: number[];
  ids: number[];
}

const B = 4;
const M = WINDOW_LENGTH;
const MAX_SHIFT = M - B + 1;

/**
 * Finds every piece of text that equals (ASCII case folded) a run of a form that holds one of its
 * 12-character qualifying windows, and grows it to the whole run that continues the form on both
 * sides (seed and extend). Wu–Manber over the windows, with a bit per hash slot instead of a shift
 * table: a 4-character block that is in no window lets the scan jump 9 characters (clean text costs
 * one hash per 9 characters); one that is, advances by one and checks the windows ending there. A
 * bit table stays in cache (256 KiB for 2^21 slots) where a byte table of the same selectivity
 * would not. A slot indexes the windows whose last block lands there (postings: form, offset), so
 * the build is linear in the total length of the forms.
 */
export const WINDOW_JUMP = MAX_SHIFT;

export class WindowMatcher {
  /** One bit per hash slot: set when some block of some window hashes there. */
  readonly present: Int32Array;
  readonly hashShift: number;
  private readonly bucketKeys: Int32Array;
  private readonly bucketFrom: Uint32Array;
  private readonly bucketTo: Uint32Array;
  private readonly postForm: Int32Array;
  private readonly postStart: Int32Array;
  private readonly lastDiagonal: Float64Array;
  private readonly lastEnd: Float64Array;

  /** `windows[f]` are the start offsets of the qualifying 12-character windows of `forms[f]`. */
  constructor(
    private readonly forms: string[],
    private readonly owners: Int32Array,
    windows: number[][],
  ) {
    let count = 0;
    for (const list of windows) count += list.length;
    // About 1 slot in 32 set for distinct blocks (each window adds ~1 new block to its neighbours').
    const bits = Math.min(21, Math.max(12, Math.ceil(Math.log2(count + 1)) + 5));
    this.hashShift = 32 - bits;
    const present = new Int32Array(1 << (bits - 5));
    const slots = new Int32Array(count);
    const postForm = new Int32Array(count);
    const postStart = new Int32Array(count);
    let n = 0;
    forms.forEach((form, f) => {
      // Windows come in increasing start order: hash each block of their union once.
      let hashedUpTo = 0;
      for (const start of windows[f] as number[]) {
        for (let end = Math.max(start + B - 1, hashedUpTo); end < start + M; end++) {
          const slot = this.slotAt(form, end);
          present[slot >>> 5] = (present[slot >>> 5] as number) | (1 << (slot & 31));
        }
        hashedUpTo = start + M;
        slots[n] = this.slotAt(form, start + M - 1);
        postForm[n] = f;
        postStart[n] = start;
        n++;
      }
    });
    this.present = present;
    // Postings sorted by slot, then an open-addressed map from slot to its run.
    // Sort by slot with a numeric typed-array sort: slot × 2^32 + posting index is exact in a double.
    const keyed = new Float64Array(count);
    for (let k = 0; k < count; k++) keyed[k] = (slots[k] as number) * 2 ** 32 + k;
    keyed.sort();
    const order = Uint32Array.from(keyed, (key) => key % 2 ** 32);
    this.postForm = Int32Array.from(order, (k) => postForm[k] as number);
    this.postStart = Int32Array.from(order, (k) => postStart[k] as number);
    const size = 1 << Math.ceil(Math.log2(count * 2 + 2));
    ({
      keys: this.bucketKeys,
      from: this.bucketFrom,
      to: this.bucketTo,
    } = buildSlotBuckets(order, (k) => slots[k] as number, size));
    this.lastDiagonal = new Float64Array(forms.length);
    this.lastEnd = new Float64Array(forms.length);
  }

  get byteSize(): number {
    return (
      this.present.byteLength +
      this.bucketKeys.byteLength * 3 +
      this.postForm.byteLength * 2 +
      this.lastEnd.byteLength * 2
    );
  }

  private slotAt(text: string, i: number): number {
    const h =
      (text.charCodeAt(i - 3) | 32) ^
      ((text.charCodeAt(i - 2) | 32) << 7) ^
      ((text.charCodeAt(i - 1) | 32) << 14) ^
      ((text.charCodeAt(i) | 32) << 21);
    return Math.imul(h, 0x9e3779b1) >>> this.hashShift;
  }

  /** Adds every piece found in `text` to `out` (positions shifted by `offset`). */
  scan(text: string, out: PieceList, offset: number): void {
    const { present, hashShift } = this;
    this.startScan();
    const n = text.length;
    for (let i = M - 1; i < n; ) {
      const h =
        (text.charCodeAt(i - 3) | 32) ^
        ((text.charCodeAt(i - 2) | 32) << 7) ^
        ((text.charCodeAt(i - 1) | 32) << 14) ^
        ((text.charCodeAt(i) | 32) << 21);
      const slot = Math.imul(h, 0x9e3779b1) >>> hashShift;
      if (((present[slot >>> 5] as number) & (1 << (slot & 31))) === 0) {
        i += MAX_SHIFT;
        continue;
      }
      this.verifyAt(text, i, slot, out, offset);
      i++;
    }
  }

  /** Forgets the pieces already grown (call before scanning a new text). */
  startScan(): void {
    this.lastDiagonal.fill(Number.NaN);
  }

  /** Checks the windows ending at text position `i` whose last block hashes to `slot`, and grows them. */
  verifyAt(text: string, i: number, slot: number, out: PieceList, offset: number): void {
    const { bucketKeys, forms, postForm, postStart, lastDiagonal, lastEnd } = this;
    if (i < M - 1) return;
    const n = text.length;
    const mask = bucketKeys.length - 1;
    let at = (Math.imul(slot, 0x85ebca6b) >>> 0) & mask;
    while (bucketKeys[at] !== slot && bucketKeys[at] !== -1) at = (at + 1) & mask;
    if (bucketKeys[at] !== slot) return;
    const start = i - M + 1;
    for (let b = this.bucketFrom[at] as number, to = this.bucketTo[at] as number; b < to; b++) {
      const f = postForm[b] as number;
      const o = postStart[b] as number;
      const diagonal = start - o;
      if (lastDiagonal[f] === diagonal && i < (lastEnd[f] as number)) continue;
      const form = forms[f] as string;
      let k = 0;
      while (k < M && foldEqual(text.charCodeAt(start + k), form.charCodeAt(o + k))) k++;
      if (k < M) continue;
      let left = 0;
      while (o - left > 0 && start - left > 0) {
        if (!foldEqual(text.charCodeAt(start - left - 1), form.charCodeAt(o - left - 1))) break;
        left++;
      }
      let end = start + M;
      while (o + (end - start) < form.length && end < n) {
        if (!foldEqual(text.charCodeAt(end), form.charCodeAt(o + (end - start)))) break;
        end++;
      }
      lastDiagonal[f] = diagonal;
      lastEnd[f] = end;
      out.starts.push(start - left + offset);
      out.ends.push(end + offset);
      out.ids.push(this.owners[f] as number);
    }
  }
}
