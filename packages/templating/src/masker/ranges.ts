/**
 * Masked ranges, merged as matches arrive: overlapping or touching matches become one range, named
 * after the value whose match starts first (the longest one at that start). Merging on arrival
 * keeps memory proportional to the ranges, not the matches: a response made of one repeated
 * 1-character secret is one range, not millions of matches.
 */
export class RangeList {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** Value index naming each range. */
  readonly ids: number[] = [];
  /** Length of the match that named the range (ties at one start go to the longest). */
  readonly idLengths: number[] = [];

  get length(): number {
    return this.starts.length;
  }

  /** Adds a match or range; calls must come in non-decreasing `start` order. */
  add(start: number, end: number, id: number, idLength = end - start): void {
    const last = this.starts.length - 1;
    if (last >= 0 && start <= (this.ends[last] as number)) {
      if (start === this.starts[last] && idLength > (this.idLengths[last] as number)) {
        this.ids[last] = id;
        this.idLengths[last] = idLength;
      }
      if (end > (this.ends[last] as number)) this.ends[last] = end;
      return;
    }
    this.starts.push(start);
    this.ends.push(end);
    this.ids.push(id);
    this.idLengths.push(idLength);
  }
}

/** Union of two range lists (each sorted), with the same merge and naming rules. */
export function mergeRangeLists(a: RangeList, b: RangeList): RangeList {
  if (!b.length) return a;
  if (!a.length) return b;
  const out = new RangeList();
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && (a.starts[i] as number) <= (b.starts[j] as number));
    const list = fromA ? a : b;
    const k = fromA ? i++ : j++;
    out.add(
      list.starts[k] as number,
      list.ends[k] as number,
      list.ids[k] as number,
      list.idLengths[k] as number,
    );
  }
  return out;
}

/** Masked pieces in no particular order (window pieces, matches in a decoded view). */
export interface PieceList {
  starts: number[];
  ends: number[];
  ids: number[];
}
