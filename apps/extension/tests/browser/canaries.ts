import { randomBytes } from "node:crypto";

/** A random value shaped like a real credential, so format detection and naming kick in. */
export function canary(prefix: "sk_live_" | "ghp_"): string {
  const length = prefix === "ghp_" ? 36 : 28;
  return prefix + randomBytes(32).toString("base64url").replace(/[-_]/g, "x").slice(0, length);
}

/** The value in every encoding it could leak in (base64 at each 3-byte alignment, padding stripped). */
export function encodingsOf(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const out = new Set([
    value,
    bytes.toString("hex"),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ]);
  for (const offset of [0, 1, 2]) {
    const slice = bytes.subarray(offset);
    const usable = slice.subarray(0, slice.length - (slice.length % 3));
    out.add(usable.toString("base64").replace(/=+$/, ""));
    out.add(usable.toString("base64url"));
  }
  return [...out].filter((e) => e.length >= 12);
}

/** Which encodings of which values occur in the text (empty when nothing leaked). */
export function findLeaks(text: string, values: string[]): string[] {
  return values.flatMap((value) => encodingsOf(value).filter((encoded) => text.includes(encoded)));
}
