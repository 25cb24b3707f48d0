import { BlockGate, MAP_MULTIPLIER } from "./block-keys";
import { type BlockPostings, buildBlockPostings, CHECK_OFFSETS } from "./block-postings";
import { forEachGatedBlock, keyNear } from "./block-sampler";
import { foldEqual, foldedAt } from "./code-units";
import type { PieceList } from "./ranges";
import { WINDOW_LENGTH } from "./windows";
import type { MatchSink } from "./wu-manber";

const W = WINDOW_LENGTH;

/**
 * One scan for every whole form of 12+ characters and every 12-character window of every value.
 *
 * Each occurrence of either holds exactly one sampled block (block-sampler.ts: one block in 9, so
 * the cost per character is fixed, whatever the number of secrets). A sampled block that passes the
 * gate is looked up by its exact key; each of its postings is refused by one key comparison (a
 * second block every match through it must contain) or verified:
 * - a whole form is compared where it would start;
 * - a window seeds a piece: grown along the form on both sides to the whole run that continues
 *   the form (ASCII case folded), kept when the run holds one of the form's qualifying windows.
 * The build is linear in the total length: one posting per character of a windowed form, 9 per
 * whole form.
 */
export class BlockIndex {
  private readonly gate: BlockGate;
  private readonly postings: BlockPostings;
  private readonly starts: Int32Array[];
  /** Per form: the diagonal and end of the last run grown, valid when lastScan is this scan. */
  private readonly lastDiagonal: Float64Array;
  private readonly lastEnd: Float64Array;
  private readonly lastScan: Int32Array;
  private scanNumber = 0;
  private readonly around = new Int32Array(4);

  /**
   * `patterns`: whole forms of 12+ characters, matched exactly or (fold 1) ASCII case folded, each
   * masking as `patternOwners[p]`. `forms[f]`: a text form whose qualifying 12-character windows
   * start at `windowStarts[f]` (increasing), masking as `formOwners[f]`.
   */
  constructor(
    private readonly patterns: string[],
    private readonly patternFold: Uint8Array,
    private readonly patternOwners: Int32Array,
    private readonly forms: string[],
    private readonly formOwners: Int32Array,
    windowStarts: number[][],
  ) {
    this.starts = windowStarts.map((list) => Int32Array.from(list));
    this.postings = buildBlockPostings(patterns, forms, this.starts);
    this.gate = new BlockGate(this.postings.distinct, this.postings.distinct.length);
    this.lastDiagonal = new Float64Array(forms.length);
    this.lastEnd = new Float64Array(forms.length);
    this.lastScan = new Int32Array(forms.length);
  }

  get byteSize(): number {
    const p = this.postings;
    let chars = 0;
    for (const pattern of this.patterns) chars += 2 * pattern.length;
    for (const list of this.starts) chars += list.byteLength;
    const arrays = [p.map, p.distinct, p.ref, p.at, p.checks, p.checkKeyA, p.checkKeyB];
    return arrays.reduce((sum, a) => sum + a.byteLength, this.gate.byteSize + chars);
  }

  /**
   * Whole-form matches go to `sink` in increasing start order; window pieces to `pieces`, in no
   * particular order. Positions are shifted by `offset`.
   */
  scan(text: string, sink: MatchSink, pieces: PieceList, offset: number): void {
    // A new number forgets the runs grown in earlier scans without clearing a per-form table.
    this.scanNumber = (this.scanNumber + 1) | 0;
    if (this.scanNumber === 0) {
      this.lastScan.fill(0);
      this.scanNumber = 1;
    }
    forEachGatedBlock(text, this.gate, (end, key) => this.verifyAt(text, end, key, sink, pieces, offset));
  }

  private verifyAt(
    text: string,
    i: number,
    key: number,
    sink: MatchSink,
    pieces: PieceList,
    offset: number,
  ): void {
    const { map, mapShift, ref, at, checks, checkKeyA, checkKeyB } = this.postings;
    const mask = map.length / 3 - 1;
    let s = Math.imul(key, MAP_MULTIPLIER) >>> mapShift;
    for (;;) {
      if (map[3 * s + 2] === 0) return;
      if (map[3 * s] === key) break;
      s = (s + 1) & mask;
    }
    // The text's keys at the 4 check offsets (0 off the text).
    const around = this.around;
    for (let c = 0; c < 4; c++) around[c] = keyNear(text, i + (CHECK_OFFSETS[c] as number));
    for (let b = map[3 * s + 1] as number, to = map[3 * s + 2] as number; b < to; b++) {
      const which = checks[b] as number;
      if (around[which & 3] !== checkKeyA[b] && around[which >> 2] !== checkKeyB[b]) continue;
      const r = ref[b] as number;
      if (r >= 0) this.verifyPattern(text, i - (at[b] as number), r, sink, offset);
      else this.growPiece(text, i, at[b] as number, -1 - r, pieces, offset);
    }
  }

  private verifyPattern(text: string, start: number, p: number, sink: MatchSink, offset: number): void {
    const pattern = this.patterns[p] as string;
    if (start < 0 || start + pattern.length > text.length) return;
    const found =
      this.patternFold[p] === 1 ? foldedAt(text, start, pattern) : text.startsWith(pattern, start);
    if (found) sink.add(start + offset, start + pattern.length + offset, this.patternOwners[p] as number);
  }

  /** The block ending at text `i` stands for the form's block ending at `e`: grow it along the form. */
  private growPiece(text: string, i: number, e: number, f: number, pieces: PieceList, offset: number): void {
    const diagonal = i - e;
    const fresh = this.lastScan[f] !== this.scanNumber;
    if (!fresh && this.lastDiagonal[f] === diagonal && i < (this.lastEnd[f] as number)) return;
    const form = this.forms[f] as string;
    for (let k = 0; k < 4; k++) if (!foldEqual(text.charCodeAt(i - k), form.charCodeAt(e - k))) return;
    let left = e - 3;
    while (left > 0 && diagonal + left > 0) {
      if (!foldEqual(text.charCodeAt(diagonal + left - 1), form.charCodeAt(left - 1))) break;
      left--;
    }
    let right = e + 1;
    const n = text.length;
    while (right < form.length && diagonal + right < n) {
      if (!foldEqual(text.charCodeAt(diagonal + right), form.charCodeAt(right))) break;
      right++;
    }
    // The run is maximal: a later block of this diagonal before its end finds the same run.
    this.lastScan[f] = this.scanNumber;
    this.lastDiagonal[f] = diagonal;
    this.lastEnd[f] = diagonal + right;
    if (!holdsStart(this.starts[f] as Int32Array, left, right - W)) return;
    pieces.starts.push(diagonal + left + offset);
    pieces.ends.push(diagonal + right + offset);
    pieces.ids.push(this.formOwners[f] as number);
  }
}

/** Whether the sorted `starts` hold a value in [from, to]. */
function holdsStart(starts: Int32Array, from: number, to: number): boolean {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && (starts[lo] as number) <= to;
}
