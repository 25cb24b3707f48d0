/** The approaches the masker replaces, measured in the same run for the comparison. */

export function replaceAllBaseline(
  patterns: { pattern: string; marker: string }[],
): (text: string) => string {
  const sorted = [...patterns].sort((a, b) => b.pattern.length - a.pattern.length);
  return (text) => {
    let out = text;
    for (const { pattern, marker } of sorted) out = out.replaceAll(pattern, marker);
    return out;
  };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function regExpBaseline(patterns: { pattern: string; marker: string }[]): (text: string) => string {
  const sorted = [...patterns].sort((a, b) => b.pattern.length - a.pattern.length);
  const markers = new Map(sorted.map((p) => [p.pattern, p.marker]));
  const re = new RegExp(sorted.map((p) => escapeRegExp(p.pattern)).join("|"), "g");
  return (text) => text.replace(re, (m) => markers.get(m) as string);
}
