const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 h ago" style, short enough for the popup list. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const diff = now - Date.parse(iso);
  if (Number.isNaN(diff)) return "never";
  if (diff < 60_000) return "just now";
  for (const [unit, ms] of UNITS) {
    if (diff >= ms) {
      const n = Math.floor(diff / ms);
      const short = unit === "day" ? "d" : unit === "hour" ? "h" : "min";
      return `${n} ${short} ago`;
    }
  }
  return "just now";
}
