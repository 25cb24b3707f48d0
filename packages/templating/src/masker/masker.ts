import { cachedMatcher } from "./cache";
import type { CompiledMatcher } from "./compile";
import { findMaskedRanges } from "./find-ranges";
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
   * The widest stretch of text one occurrence of a value is guaranteed to fit in: the longest whole
   * form (base64, hex, …) as written, and at least 16 characters for every character of the longest
   * value (decoded escapes such as `%2541` or `&#x2B;` may stand for one character; an escape wider
   * than 16 characters is not decoded). 0 when the masker masks nothing. A stream holds back this
   * many characters minus one; a text cut at a size limit drops this many trailing characters, so
   * the cut cannot leave the first part of a form the masker would not recognise on its own.
   */
  readonly maxEncodedLength: number;
}

/** The largest value the masker accepts, in UTF-8 bytes (the API refuses larger values at save). */
export const MAX_MASKED_VALUE_BYTES = 16 * 1024;

export class SecretTooLargeError extends Error {
  constructor(readonly secretName: string) {
    super(
      `secret "${secretName}" is larger than 16 KiB (${MAX_MASKED_VALUE_BYTES} bytes of UTF-8): the masker cannot mask it, so a run that uses it fails before sending anything; save a value of at most 16 KiB`,
    );
    this.name = "SecretTooLargeError";
  }
}

const utf8 = new TextEncoder();

export const maskMarker = (name: string): string => `[masked:${name}]`;

/**
 * One compiled matcher for all the values (cached by the set of values), so masking costs the same
 * for 1 or 1,000 secrets. Empty values are ignored. Two secrets with one value mask as the first name.
 * Throws SecretTooLargeError for a value over 16 KiB of UTF-8 (the build is linear in the total
 * value length, and the cap keeps a run's matcher small).
 */
export function createMasker(secrets: SecretToMask[]): Masker {
  for (const { name, value } of secrets) {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: only long values need encoding to be measured.
    if (value.length * 3 > MAX_MASKED_VALUE_BYTES && utf8.encode(value).length > MAX_MASKED_VALUE_BYTES)
      throw new SecretTooLargeError(name);
  }
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
