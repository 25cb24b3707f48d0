import type { CompiledMatcher } from "./compile";
import { decodeRound } from "./decode-round";
import { encodedRegions } from "./escape-regions";
import { findTailStarts } from "./escape-tails";
import { type DecodedView, MAX_ROUNDS, originalSpan, SINGLE_FAMILIES, viewOf } from "./normalise";
import { mergeRangeLists, type PieceList, RangeList } from "./ranges";

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
    const region = viewOf(text, regions[r] as number, regions[r + 1] as number);
    const views = decodedViews(region);
    for (const view of views) scanView(view);
    findTailStarts(matcher.tailForms, region, views, decoded, offset);
  }
  return mergeRangeLists(found, toRangeList(decoded));
}

/**
 * The decodings of a region: up to MAX_ROUNDS rounds of every escape family at once, and, where a
 * round decoded two families, up to MAX_ROUNDS rounds of each family alone: a value holding text
 * of one family (`%00`) escaped in layers of another (`\\n%00` in a JSON string inside a JSON
 * string) reads as itself only when the other family is decoded alone, layer after layer.
 */
export function decodedViews(region: DecodedView): DecodedView[] {
  const views: DecodedView[] = [];
  let view = region;
  let families = 0;
  let mixed = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = decodeRound(view);
    if (!next) break;
    views.push(next);
    families |= next.families;
    if (next.families & (next.families - 1)) mixed = true;
    view = next;
  }
  if (!mixed) return views;
  const together = views.length;
  for (const family of SINGLE_FAMILIES) {
    if (!(families & family)) continue;
    let alone: DecodedView | undefined = region;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      alone = decodeRound(alone, family);
      if (!alone) break;
      // A round that decoded this family only reads the same as the same round of all at once.
      if (round < together && alone.text === (views[round] as DecodedView).text) continue;
      views.push(alone);
    }
  }
  return views;
}

function scanAsWritten(matcher: CompiledMatcher, text: string, offset: number): RangeList {
  const { blocks, tiers } = matcher;
  const pieces: PieceList = { starts: [], ends: [], ids: [] };
  const lists: RangeList[] = [];
  if (blocks) {
    const list = new RangeList();
    blocks.scan(text, list, pieces, offset);
    lists.push(list);
  }
  tiers.forEach((tier, t) => {
    const list = new RangeList();
    tier.scan(text, list, matcher.owner, matcher.tierBase[t] as number, offset);
    lists.push(list);
  });
  if (pieces.starts.length) lists.push(toRangeList(pieces));
  return lists.length === 1 ? (lists[0] as RangeList) : lists.reduce(mergeRangeLists, new RangeList());
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
  matcher.blocks?.scan(text, sink, out, 0);
  matcher.tiers.forEach((tier, t) => {
    tier.scan(text, sink, matcher.owner, matcher.tierBase[t] as number, 0);
  });
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
