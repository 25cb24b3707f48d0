import { type CompiledMatcher, compileMatcher } from "./compile";

/**
 * Compiled matchers by set of values. Runs of one workflow share their secrets, so a run's steps
 * and its stream reuse one build. Kept small: the entries hold the values in memory.
 */
const MAX_ENTRIES = 8;
const cache = new Map<string, CompiledMatcher>();

/** FNV-1a over the values; a hit is confirmed by comparing the values themselves. */
function keyOf(values: string[]): string {
  let h = 0x811c9dc5;
  let total = 0;
  for (const value of values) {
    for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xffff, 0x01000193);
    total += value.length;
  }
  return `${values.length}:${total}:${h >>> 0}`;
}

export function cachedMatcher(values: string[]): CompiledMatcher {
  const key = keyOf(values);
  const hit = cache.get(key);
  if (hit && hit.values.length === values.length && hit.values.every((v, i) => v === values[i])) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileMatcher(values);
  cache.set(key, compiled);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/** Drops every cached matcher (and with them the values they were built from). */
export function clearMaskerCache(): void {
  cache.clear();
}
