import { cachedMatcher } from "./cache";
import { type CompiledMatcher, findMaskedRanges } from "./compile";
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
}

export const maskMarker = (name: string): string => `[masked:${name}]`;

/**
 * One compiled matcher for all the values (cached by the set of values), so masking costs the same
 * for 1 or 1,000 secrets. Empty values are ignored. Two secrets with one value mask as the first name.
 */
export function createMasker(secrets: SecretToMask[]): Masker {
  const values = [...new Set(secrets.map((s) => s.value).filter((v) => v.length > 0))].sort();
  if (!values.length) {
    return { mask: (text) => text, createStream: () => new TransformStream<string, string>() };
  }
  const matcher = cachedMatcher(values);
  const markerOf = new Map<string, string>();
  for (const { name, value } of secrets) if (!markerOf.has(value)) markerOf.set(value, maskMarker(name));
  const markers = matcher.values.map((value) => markerOf.get(value) as string);
  return {
    mask: (text) => maskText(matcher, markers, text),
    createStream: () => createMaskingStream(matcher, markers),
  };
}

function maskText(matcher: CompiledMatcher, markers: string[], text: string): string {
  const ranges = findMaskedRanges(matcher, text);
  if (!ranges.starts.length) return text;
  let out = "";
  let at = 0;
  for (let r = 0; r < ranges.starts.length; r++) {
    out += text.slice(at, ranges.starts[r]) + markers[ranges.ids[r] as number];
    at = ranges.ends[r] as number;
  }
  return out + text.slice(at);
}
