import { env } from "cloudflare:workers";

const encoder = new TextEncoder();
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const b64url = (bytes: Uint8Array) => b64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** A random value with characters that every encoding changes differently (HTTP headers need ASCII). */
export const makeCanary = (label: string, ascii = false) =>
  `cnry_${label}_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}/+&"<${ascii ? "" : "é"}>`;

/**
 * Every form the value could leak in: raw, base64 and base64url at the three byte alignments
 * (the part that depends only on the value's bytes, as found inside `Basic base64(user:pass)`),
 * hex both cases, percent-encoding (RFC 3986 and form), JSON and HTML escaping.
 */
export function canaryVariants(value: string): string[] {
  const bytes = encoder.encode(value);
  const variants = new Set<string>([
    value,
    hex(bytes),
    hex(bytes).toUpperCase(),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;"),
  ]);
  for (let align = 0; align < 3; align++) {
    const padded = new Uint8Array(align + bytes.length);
    padded.set(bytes, align);
    for (const encode of [b64, b64url]) {
      const text = encode(padded).replace(/=+$/, "");
      // Skip the characters that mix in the padding bytes and the last, partial group.
      const skip = align === 0 ? 0 : align === 1 ? 2 : 3;
      variants.add(text.slice(skip, text.length - 2));
    }
  }
  return [...variants];
}

export function findCanaries(haystack: string, values: readonly string[]): string[] {
  return values.flatMap((value) => canaryVariants(value).filter((variant) => haystack.includes(variant)));
}

/** Every row of every table, as one JSON text. */
export async function dumpDatabase(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    dump[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
  }
  return JSON.stringify(dump);
}
