/** The masker as it was before issue 11 (exact whole-value matching), kept only as the bench baseline. */
import { cachedMatcher } from "./cache";
import { type CompiledMatcher, findMaskedRanges } from "./compile";
import { maskJsonValue } from "./json";
import { createMaskingStream } from "./stream";

export interface SecretToMask {
  name: string;
  value: string;
}

export interface Masker {
  /** The text with every occurrence of every value, in every encoding, replaced by `[masked:NAME]`. */
  mask(text: string): string;
  /** The same masking for chunked text; a value split across chunks is still masked. */
  createStream(): TransformStream<string, string>;
  /**
   * Masks every string and object key inside a JSON-like value, keeping its structure: for step
   * outputs and parsed responses, where masking the serialised text could cut across a quote.
   * Numbers and booleans are checked through their text: a numeric secret inside a JSON number
   * becomes the masked string. Parse JSON text with `parseJsonKeepingNumbers` so a number beyond
   * 2^53 reaches the masker with all its digits.
   */
  maskJson(value: unknown): unknown;
  /**
   * Length of the longest form (raw or any encoding) of any value this masker matches; 0 when it
   * masks nothing. A text cut at a size limit minus this many trailing characters cannot end in the
   * first part of a form the masker would not recognise on its own.
   */
  readonly maxEncodedLength: number;
}

export const maskMarker = (name: string): string => `[masked:${name}]`;

/**
 * One compiled matcher for all the values (cached by the set of values), so masking costs the same
 * for 1 or 1,000 secrets. Empty values are ignored. Two secrets with one value mask as the first name.
 */
export function createMasker(secrets: SecretToMask[]): Masker {
  const values = [...new Set(secrets.map((s) => s.value).filter((v) => v.length > 0))].sort();
  if (!values.length) {
    return {
      mask: (text) => text,
      createStream: () => new TransformStream<string, string>(),
      maskJson: (v) => v,
      maxEncodedLength: 0,
    };
  }
  const matcher = cachedMatcher(values);
  const markerOf = new Map<string, string>();
  for (const { name, value } of secrets) if (!markerOf.has(value)) markerOf.set(value, maskMarker(name));
  const markers = matcher.values.map((value) => markerOf.get(value) as string);
  const mask = (text: string) => maskText(matcher, markers, text);
  return {
    mask,
    createStream: () => createMaskingStream(matcher, markers),
    maskJson: (value) => maskJsonValue(value, mask),
    maxEncodedLength: matcher.longest,
  };
}

function maskText(matcher: CompiledMatcher, markers: string[], text: string): string {
  const ranges = findMaskedRanges(matcher, text);
  if (!ranges.length) return text;
  let out = "";
  let at = 0;
  for (let r = 0; r < ranges.length; r++) {
    out += text.slice(at, ranges.starts[r]) + markers[ranges.ids[r] as number];
    at = ranges.ends[r] as number;
  }
  return out + text.slice(at);
}
