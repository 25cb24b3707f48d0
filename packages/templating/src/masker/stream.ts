import { type CompiledMatcher, findMaskedRanges } from "./compile";

/**
 * Incremental masking that produces exactly what `mask` produces on the concatenated input.
 *
 * Only the last (longest pattern − 1) characters are held back: a match not yet complete must start
 * there. A masked range that began earlier but may still grow (a later match could overlap or touch
 * it) has its marker written at once and stays "open": text inside it is swallowed until a round
 * proves no further match can extend it.
 */
export class ChunkMasker {
  private readonly hold: number;
  private pending = ""; // input not yet decided, starting at absolute offset `base`
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
    this.pending = flatten(this.pending + chunk);
    return this.round(false);
  }

  /** The rest of the output at end of input. */
  end(): string {
    return this.round(true);
  }

  private round(final: boolean): string {
    const { pending, base, markers } = this;
    const limit = final ? base + pending.length : Math.max(base, base + pending.length - this.hold);
    if (limit === base && !final) return "";
    const ranges = findMaskedRanges(this.matcher, pending);
    let out = "";
    for (let r = 0; r < ranges.starts.length; r++) {
      const start = base + (ranges.starts[r] as number);
      const end = base + (ranges.ends[r] as number);
      if (this.openEnd >= 0 && start <= this.openEnd) {
        if (end > this.openEnd) this.openEnd = end;
        continue;
      }
      // Matches starting at or after `limit` may be incomplete: decide nothing about them yet.
      if (start >= limit) break;
      this.closeOpenRange();
      out += pending.slice(this.written - base, start - base) + markers[ranges.ids[r] as number];
      this.openEnd = end;
    }
    // A range ending before `limit` cannot be touched by a later match (those start at ≥ limit).
    if (this.openEnd >= 0 && (this.openEnd < limit || final)) this.closeOpenRange();
    if (this.openEnd < 0 && this.written < limit) {
      out += pending.slice(this.written - base, limit - base);
      this.written = limit;
    }
    this.pending = pending.slice(limit - base);
    this.base = limit;
    return out;
  }

  private closeOpenRange(): void {
    if (this.openEnd < 0) return;
    this.written = this.openEnd;
    this.openEnd = -1;
  }
}

/**
 * `a + b` is a rope (ConsString) in V8; scanning a rope char by char measured ~30× slower than a
 * flat string. Converting to a number makes V8 flatten the rope in place, once per chunk.
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
