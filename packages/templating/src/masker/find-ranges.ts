import type { CompiledMatcher } from "./compile";
import { encodedRegions } from "./escape-regions";
import {
  type DecodedView,
  decodeRound,
  MAX_ROUNDS,
  originalSpan,
  SINGLE_FAMILIES,
  viewOf,
} from "./normalise";
import { mergeRangeLists, RangeList } from "./ranges";
import { type PieceList, WINDOW_JUMP, type WindowMatcher } from "./window-matcher";
import { WINDOW_LENGTH } from "./windows";
import type { WuManber } from "./wu-manber";

/**
 * Masked ranges of `text` (positions shifted by `offset`): all matches in the text as written and
 * in its decoded runs, overlapping and touching ones merged, each range named after the value whose
 * match starts first (longest at that start).
 */
export function findMaskedRanges(matcher: CompiledMatcher, text: string, offset = 0): RangeList {
  const found = scanAsWritten(matcher, text, offset);
  const regions = encodedRegions(text, matcher.margin);
  if (!regions.length) return found;
  const decoded: PieceList = { starts: [], ends: [], ids: [] };
  // Matches in a decoded view are mapped back one by one (merging them in decoded positions could
  // name a range after a match that is not the longest at its start in the original).
  const scanView = (view: DecodedView) => {
    const matches: PieceList = { starts: [], ends: [], ids: [] };
    scanAll(matcher, view.text, matches);
    for (let k = 0; k < matches.starts.length; k++) {
      const [from, to] = originalSpan(view, matches.starts[k] as number, matches.ends[k] as number);
      decoded.starts.push(from + offset);
      decoded.ends.push(to + offset);
      decoded.ids.push(matches.ids[k] as number);
    }
  };
  for (let r = 0; r < regions.length; r += 2) {
    for (const view of decodedViews(viewOf(text, regions[r] as number, regions[r + 1] as number))) {
      scanView(view);
    }
  }
  return mergeRangeLists(found, toRangeList(decoded));
}

/**
 * The decodings of a region: up to MAX_ROUNDS rounds of every escape family at once, and one round
 * of each family alone (skipped when it reads the same as the first round of all of them, which is
 * always the case when the first round decoded one family only).
 */
export function decodedViews(region: DecodedView): DecodedView[] {
  const views: DecodedView[] = [];
  let view = region;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = decodeRound(view);
    if (!next) break;
    views.push(next);
    view = next;
  }
  if (!views.length) return views;
  // A family alone reads differently from all at once only where two families were decoded.
  const { text: firstRound, families } = views[0] as DecodedView;
  if ((families & (families - 1)) === 0) return views;
  for (const family of SINGLE_FAMILIES) {
    if (!(families & family)) continue;
    const alone = decodeRound(region, family);
    if (alone && alone.text !== firstRound) views.push(alone);
  }
  return views;
}

function scanAsWritten(matcher: CompiledMatcher, text: string, offset: number): RangeList {
  const { windows, tiers } = matcher;
  const pieces: PieceList = { starts: [], ends: [], ids: [] };
  const lists: RangeList[] = [];
  tiers.forEach((tier, t) => {
    const list = new RangeList();
    if (t === 0 && windows && canShareHash(tier))
      scanTogether(tier, windows, text, list, pieces, matcher.owner, offset);
    else tier.scan(text, list, matcher.owner, matcher.tierBase[t] as number, offset);
    lists.push(list);
  });
  if (windows && !(tiers[0] && canShareHash(tiers[0]))) windows.scan(text, pieces, offset);
  if (pieces.starts.length) lists.push(toRangeList(pieces));
  return lists.length === 1 ? (lists[0] as RangeList) : lists.reduce(mergeRangeLists, new RangeList());
}

/** The whole-form tier hashes 4-character blocks like the window matcher when its patterns are 12+ long. */
const canShareHash = (tier: WuManber) => tier.block === 4 && tier.m >= WINDOW_LENGTH;

/**
 * The whole-form scan and the window scan in one pass: one block hash feeds both tables, and the
 * pass jumps by the smaller of the two shifts (at most 9, the window matcher's). Both scans on
 * their own would hash the text twice.
 */
function scanTogether(
  tier: WuManber,
  windows: WindowMatcher,
  text: string,
  list: RangeList,
  pieces: PieceList,
  owners: Int32Array,
  offset: number,
): void {
  const { shift, hashShift: shiftBitsA, m } = tier;
  const { present, hashShift: shiftBitsW } = windows;
  windows.startScan();
  const n = text.length;
  for (let i = WINDOW_LENGTH - 1; i < n; ) {
    const h =
      (text.charCodeAt(i - 3) | 32) ^
      ((text.charCodeAt(i - 2) | 32) << 7) ^
      ((text.charCodeAt(i - 1) | 32) << 14) ^
      ((text.charCodeAt(i) | 32) << 21);
    const hashed = Math.imul(h, 0x9e3779b1);
    const slotA = hashed >>> shiftBitsA;
    let step = shift[slotA] as number;
    if (step === 0) {
      if (i >= m - 1) tier.verifyAt(text, i, slotA, list, owners, 0, offset);
      step = 1;
    }
    const slotW = hashed >>> shiftBitsW;
    if (((present[slotW >>> 5] as number) & (1 << (slotW & 31))) !== 0) {
      windows.verifyAt(text, i, slotW, pieces, offset);
      step = 1;
    } else if (step > WINDOW_JUMP) step = WINDOW_JUMP;
    i += step;
  }
}

/** Every match in `text`, unmerged (decoded views are short). */
function scanAll(matcher: CompiledMatcher, text: string, out: PieceList): void {
  const sink = {
    add(start: number, end: number, id: number) {
      out.starts.push(start);
      out.ends.push(end);
      out.ids.push(id);
    },
  };
  matcher.tiers.forEach((tier, t) => {
    tier.scan(text, sink, matcher.owner, matcher.tierBase[t] as number, 0);
  });
  matcher.windows?.scan(text, out, 0);
}

/** Sorts pieces by start (longest first at one start, then the value that sorts first) into a merged range list. */
export function toRangeList(pieces: PieceList): RangeList {
  const order = pieces.starts.map((_, k) => k);
  order.sort(
    (a, b) =>
      (pieces.starts[a] as number) - (pieces.starts[b] as number) ||
      (pieces.ends[b] as number) - (pieces.ends[a] as number) ||
      (pieces.ids[a] as number) - (pieces.ids[b] as number),
  );
  const list = new RangeList();
  for (const k of order)
    list.add(pieces.starts[k] as number, pieces.ends[k] as number, pieces.ids[k] as number);
  return list;
}
