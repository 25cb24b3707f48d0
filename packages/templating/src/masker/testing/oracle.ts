import { secretVariants } from "../encodings";
import type { SecretToMask } from "../masker";

/**
 * The slow, obviously-correct masker the fast one is checked against: indexOf for every pattern,
 * then the same merge rules (overlapping or touching ranges merge; the name is the value whose
 * match starts first, the longest at that start; a pattern shared by two values belongs to the
 * value that sorts first; a value shared by two names masks as the first name).
 */
export function naiveMask(secrets: SecretToMask[], text: string): string {
  const values = [...new Set(secrets.map((s) => s.value).filter(Boolean))].sort();
  const owner = new Map<string, string>();
  for (const value of values) for (const p of secretVariants(value)) if (!owner.has(p)) owner.set(p, value);
  const nameOf = new Map<string, string>();
  for (const { name, value } of secrets) if (!nameOf.has(value)) nameOf.set(value, name);

  const matches: { start: number; end: number; value: string }[] = [];
  for (const [pattern, value] of owner) {
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
      matches.push({ start: at, end: at + pattern.length, value });
    }
  }
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let written = 0;
  for (let i = 0; i < matches.length; ) {
    const first = matches[i] as (typeof matches)[number];
    let end = first.end;
    let j = i + 1;
    while (j < matches.length && (matches[j] as (typeof matches)[number]).start <= end) {
      end = Math.max(end, (matches[j] as (typeof matches)[number]).end);
      j++;
    }
    out += `${text.slice(written, first.start)}[masked:${nameOf.get(first.value)}]`;
    written = end;
    i = j;
  }
  return out + text.slice(written);
}

/** Runs text through a masking TransformStream in the given chunk sizes (cycled). */
export async function streamMask(
  stream: TransformStream<string, string>,
  text: string,
  sizes: number[],
): Promise<string> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const parts: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parts.push(value);
    }
  })();
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    await writer.write(text.slice(at, at + size));
    at += size;
  }
  await writer.close();
  await reading;
  return parts.join("");
}
