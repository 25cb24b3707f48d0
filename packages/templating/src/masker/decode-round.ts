import {
  AMPERSAND,
  BACKSLASH,
  CR,
  decodeEntity,
  decodePercentRun,
  hexValue,
  isBase64LineBreak,
  isHex,
  JSON_SHORT,
  LF,
  PERCENT,
  type PointSink,
} from "./escapes";
import {
  ALL_ESCAPES,
  BASE64_LINE_BREAKS,
  type DecodedView,
  endOf,
  HTML_ESCAPES,
  JSON_ESCAPES,
  MAX_SPAN_PER_UNIT,
  PERCENT_ESCAPES,
  startOf,
} from "./normalise";

const TRIGGERS = ["%", "\\", "&", "\n"];

/**
 * One decoding round, as an object rather than closures made per call: a round runs for every
 * region of every masked text, and per-call closures cost an allocation each (and a name each where
 * the bundler keeps function names).
 */
class RoundDecoder implements PointSink {
  private text = "";
  private view: DecodedView | undefined;
  private decoded: DecodedView | undefined;
  private readonly parts: string[] = [];
  private length = 0;
  private copyFrom = 0;
  private changed = false;
  /** Per trigger character: where it next occurs at or after the last search (text length: never). */
  private readonly nextAt = [-1, -1, -1, -1];

  decode(view: DecodedView, families: number): DecodedView | undefined {
    const text = view.text;
    const decoded: DecodedView = {
      text: "",
      parent: view,
      offset: 0,
      families: 0,
      at: [],
      src: [],
      srcEnd: [],
      escape: [],
    };
    this.text = text;
    this.view = view;
    this.decoded = decoded;
    this.parts.length = 0;
    this.length = 0;
    this.copyFrom = 0;
    this.changed = false;
    this.nextAt.fill(-1);
    const n = text.length;
    for (let i = 0; i < n; ) {
      // Jump from one escape character to the next: most of a region is plain text.
      i = Math.min(this.after(0, i), this.after(1, i), this.after(2, i), this.after(3, i));
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (
        c === PERCENT &&
        families & PERCENT_ESCAPES &&
        i + 2 < n &&
        isHex(text.charCodeAt(i + 1)) &&
        isHex(text.charCodeAt(i + 2))
      ) {
        const used = decodePercentRun(text, i, this);
        if (used) {
          i += used;
          decoded.families |= PERCENT_ESCAPES;
          continue;
        }
      } else if (c === BACKSLASH && families & JSON_ESCAPES && i + 1 < n) {
        const escaped = text.charCodeAt(i + 1);
        if (escaped === 117 && i + 5 < n) {
          let point = 0;
          let k = 2;
          for (; k < 6 && isHex(text.charCodeAt(i + k)); k++)
            point = point * 16 + hexValue(text.charCodeAt(i + k));
          if (k === 6 && this.emitPoint(point, i, i + 6)) {
            i += 6;
            decoded.families |= JSON_ESCAPES;
            continue;
          }
        } else if (
          JSON_SHORT[escaped] !== undefined &&
          this.emitPoint(JSON_SHORT[escaped] as number, i, i + 2)
        ) {
          i += 2;
          decoded.families |= JSON_ESCAPES;
          continue;
        }
      } else if (c === AMPERSAND && families & HTML_ESCAPES) {
        const used = decodeEntity(text, i, this);
        if (used) {
          i += used;
          decoded.families |= HTML_ESCAPES;
          continue;
        }
      } else if (c === LF && families & BASE64_LINE_BREAKS && isBase64LineBreak(text, i)) {
        // The break is LF or CR LF; the CR is dropped with it.
        this.copyUpTo(text.charCodeAt(i - 1) === CR ? i - 1 : i);
        i++;
        this.copyFrom = i;
        this.changed = true;
        decoded.families |= BASE64_LINE_BREAKS;
        continue;
      }
      i++;
    }
    if (this.changed) {
      this.copyUpTo(n);
      decoded.text = flatten(this.parts.join(""));
    }
    this.parts.length = 0;
    this.view = undefined;
    this.decoded = undefined;
    return this.changed ? decoded : undefined;
  }

  /** Emits a code point decoded from text[start, end) unless its span is too wide; returns success. */
  emitPoint(point: number, start: number, end: number): boolean {
    const view = this.view as DecodedView;
    const decoded = this.decoded as DecodedView;
    const units = point > 0xffff ? 2 : 1;
    if (endOf(view, end - 1) - startOf(view, start) > MAX_SPAN_PER_UNIT * units) return false;
    this.copyUpTo(start);
    decoded.at.push(this.length);
    decoded.src.push(start);
    decoded.srcEnd.push(end);
    decoded.escape.push(1);
    this.parts.push(String.fromCodePoint(point));
    this.length += units;
    this.copyFrom = end;
    this.changed = true;
    return true;
  }

  private copyUpTo(end: number): void {
    const { copyFrom } = this;
    if (end <= copyFrom) return;
    const decoded = this.decoded as DecodedView;
    decoded.at.push(this.length);
    decoded.src.push(copyFrom);
    decoded.srcEnd.push(end);
    decoded.escape.push(0);
    this.parts.push(this.text.slice(copyFrom, end));
    this.length += end - copyFrom;
  }

  private after(k: number, from: number): number {
    const { nextAt, text } = this;
    if ((nextAt[k] as number) < from) {
      const at = text.indexOf(TRIGGERS[k] as string, from);
      nextAt[k] = at < 0 ? text.length : at;
    }
    return nextAt[k] as number;
  }
}

const decoder = new RoundDecoder();

/** One decoding round over a view; undefined when nothing in it decodes. */
export function decodeRound(view: DecodedView, families = ALL_ESCAPES): DecodedView | undefined {
  return decoder.decode(view, families);
}

/** A joined string is a rope in V8, scanned far slower than a flat one; Number() flattens it. */
function flatten(text: string): string {
  Number(text);
  return text;
}
