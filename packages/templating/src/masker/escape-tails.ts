import { foldEqual } from "./code-units";
import { MIN_FOLDED_LENGTH, textForms } from "./encodings";
import { type DecodedView, endOf, startOf } from "./normalise";
import type { PieceList } from "./ranges";
import { qualifyingWindows } from "./windows";

/**
 * A value whose encoded form starts right after text ending in a partial escape loses its first
 * characters to that escape: `%0` followed by `A%2520` (the value `A ` percent-encoded twice) reads
 * `%0A` (a line feed), then `%2520`, and no decoding of the text holds `A `. So a value's text form
 * is also matched as: the last characters of an escape of the text as written (raw), followed by
 * the decoded text right after that escape.
 *
 * Only forms with no qualifying window starting at MAX_TAIL or later need this: in the others, the
 * part after the escape still holds a window, which the window scan finds and grows.
 */

/** The most characters an escape has after its first one (`%F0%9F%98%80`: 11). */
const MAX_TAIL = 11;

export interface TailForm {
  form: string;
  /** Value index. */
  owner: number;
  fold: boolean;
}

/** Forms that may start inside an escape, by their first code unit (ASCII letters lower-cased). */
export type TailForms = Map<number, TailForm[]>;

const firstKey = (code: number) => (code >= 65 && code <= 90 ? code | 32 : code);

export function tailStartForms(values: string[]): TailForms {
  const forms: TailForms = new Map();
  values.forEach((value, owner) => {
    const fold = value.length >= MIN_FOLDED_LENGTH;
    for (const form of textForms(value)) {
      // A one-character form lies inside the escape: found as written.
      if (form.length < 2 || qualifyingWindows(form).starts.some((start) => start >= MAX_TAIL)) continue;
      const key = firstKey(form.charCodeAt(0));
      const list = forms.get(key) ?? [];
      list.push({ form, owner, fold });
      forms.set(key, list);
    }
  });
  return forms;
}

/**
 * Adds to `out` (positions shifted by `offset`) every match of a tail form that starts inside an
 * escape of `region` as written and continues in one of its decoded `views`.
 */
export function findTailStarts(
  forms: TailForms,
  region: DecodedView,
  views: DecodedView[],
  out: PieceList,
  offset: number,
): void {
  if (!forms.size) return;
  const { text } = region;
  // The escapes of the region as written: the pieces the first rounds decoded, [start, end).
  const escapes = new Map<number, number>();
  for (const view of views) {
    if (view.parent !== region) continue;
    for (let k = 0; k < view.at.length; k++)
      if (view.escape[k]) escapes.set(view.src[k] as number, view.srcEnd[k] as number);
  }
  for (const [start, end] of escapes) {
    for (let from = start + 1; from < end; from++) {
      const candidates = forms.get(firstKey(text.charCodeAt(from)));
      if (!candidates) continue;
      const stolen = end - from;
      for (const { form, owner, fold } of candidates) {
        if (form.length <= stolen || !sameUnits(text, from, form, 0, stolen, fold)) continue;
        const rest = form.length - stolen;
        for (const view of views) {
          const at = firstUnitFrom(view, region.offset + end);
          if (at + rest > view.text.length || !sameUnits(view.text, at, form, stolen, rest, fold)) continue;
          out.starts.push(region.offset + from + offset);
          out.ends.push(endOf(view, at + rest - 1) + offset);
          out.ids.push(owner);
        }
      }
    }
  }
}

/** Whether text[at, at + count) equals form[from, from + count) (ASCII letters in either case if fold). */
function sameUnits(text: string, at: number, form: string, from: number, count: number, fold: boolean) {
  for (let k = 0; k < count; k++) {
    const a = text.charCodeAt(at + k);
    const b = form.charCodeAt(from + k);
    if (a !== b && !(fold && foldEqual(a, b))) return false;
  }
  return true;
}

/** The first code unit of a view that comes from the scanned text at or after `position`. */
function firstUnitFrom(view: DecodedView, position: number): number {
  let lo = 0;
  let hi = view.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (startOf(view, mid) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
