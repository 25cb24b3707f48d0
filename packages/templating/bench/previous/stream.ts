import { type CompiledMatcher, findMaskedRanges } from "./compile";
import { mergeRangeLists } from "./ranges";

/**
 * Incremental masking that produces exactly what `mask` produces on the concatenated input.
 *
 * Only the last (longest pattern − 1) characters are held back: a match not yet complete must start
 * there. A masked range that began earlier but may still grow (a later match could overlap or touch
 * it) has its marker written at once and stays "open": input inside it is swallowed until a round
 * proves no further match can extend it.
 *
 * A chunk is scanned where it lies; only the seam (held-back tail + the chunk's first characters)
 * is copied into a new string, so streaming costs little more than masking the whole text.
 */
export class ChunkMasker {
  private readonly hold: number;
  private tail = ""; // held-back input, starting at absolute offset `base`
  private chunk = ""; // the chunk being processed, right after `tail`
  private base = 0;
  private written = 0; // absolute offset up to which the input is accounted for in the output
  private openEnd = -1; // absolute end of the open range, -1 when none

  constructor(
    private readonly matcher: CompiledMatcher,
    private readonly markers: string[],
  ) {
    this.hold = matcher.longest - 1;
  }

  /** Masked output that is final once `chunk` is appended (possibly empty). */
  push(chunk: string): string {
    if (!chunk) return "";
    this.chunk = flatten(chunk);
    return this.round(false);
  }

  /** The rest of the output at end of input. */
  end(): string {
    this.chunk = "";
    return this.round(true);
  }

  private round(final: boolean): string {
    const { tail, chunk, base, markers } = this;
    const length = tail.length + chunk.length;
    const limit = final ? base + length : Math.max(base, base + length - this.hold);
    if (limit === base && !final) {
      this.tail = tail + chunk;
      return "";
    }
    // Matches starting in the tail are found in the seam, all others in the chunk itself (a match
    // found in both is merged with itself, which changes nothing).
    const ranges = mergeRangeLists(
      findMaskedRanges(this.matcher, flatten(tail + chunk.slice(0, this.hold)), base),
      findMaskedRanges(this.matcher, chunk, base + tail.length),
    );

    let out = "";
    for (let r = 0; r < ranges.length; r++) {
      const start = ranges.starts[r] as number;
      const end = ranges.ends[r] as number;
      if (this.openEnd >= 0 && start <= this.openEnd) {
        if (end > this.openEnd) this.openEnd = end;
        continue;
      }
      // Matches starting at or after `limit` may be incomplete: decide nothing about them yet.
      if (start >= limit) break;
      this.closeOpenRange();
      out += this.input(this.written, start) + markers[ranges.ids[r] as number];
      this.openEnd = end;
    }
    // A range ending before `limit` cannot be touched by a later match (those start at ≥ limit).
    if (this.openEnd >= 0 && (this.openEnd < limit || final)) this.closeOpenRange();
    if (this.openEnd < 0 && this.written < limit) {
      out += this.input(this.written, limit);
      this.written = limit;
    }
    this.tail = this.input(limit, base + length);
    this.base = limit;
    return out;
  }

  /** Input between two absolute offsets (within tail + chunk). */
  private input(from: number, to: number): string {
    const split = this.base + this.tail.length;
    if (to <= split) return this.tail.slice(from - this.base, to - this.base);
    if (from >= split) return this.chunk.slice(from - split, to - split);
    return this.tail.slice(from - this.base) + this.chunk.slice(0, to - split);
  }

  private closeOpenRange(): void {
    if (this.openEnd < 0) return;
    this.written = this.openEnd;
    this.openEnd = -1;
  }
}

/**
 * `a + b` is a rope (ConsString) in V8; scanning a rope char by char measured ~30× slower than a
 * flat string. Converting to a number makes V8 flatten it in place (cheap for a flat string).
 */
function flatten(text: string): string {
  Number(text);
  return text;
}

export function createMaskingStream(
  matcher: CompiledMatcher,
  markers: string[],
): TransformStream<string, string> {
  const masker = new ChunkMasker(matcher, markers);
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      const out = masker.push(chunk);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = masker.end();
      if (out) controller.enqueue(out);
    },
  });
}
