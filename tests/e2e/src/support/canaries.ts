import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { fileId } from "./file-id";

export type Canary = { name: string; value: string };

const planted: Canary[] = [];

/**
 * A random secret value for `name`, shaped by `shape` (e.g. a Slack URL around it). It is saved for
 * the final leak sweep, which must not find it anywhere the design says values never go.
 */
export function plantCanary(name: string, shape: (random: string) => string = (r) => r): Canary {
  const canary = { name, value: shape(`cnry${randomBytes(12).toString("hex")}`) };
  planted.push(canary);
  writeFileSync(join(inject("recordDir"), `canaries-${fileId}.json`), JSON.stringify(planted));
  return canary;
}

/**
 * Every form in which a value could slip out: raw, base64 and base64url at the 3 byte alignments
 * (so it is found inside longer base64 such as `Basic base64(user:pass)`), hex, percent-encoding
 * (URI and form) and JSON string escaping.
 */
export function encodingsOf(value: string): { encoding: string; needle: string }[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: { encoding: string; needle: string }[] = [
    { encoding: "raw", needle: value },
    { encoding: "hex", needle: bytes.toString("hex") },
    { encoding: "HEX", needle: bytes.toString("hex").toUpperCase() },
    { encoding: "percent", needle: encodeURIComponent(value) },
    { encoding: "form", needle: new URLSearchParams({ v: value }).toString().slice(2) },
    { encoding: "json", needle: JSON.stringify(value).slice(1, -1) },
  ];
  for (const offset of [0, 1, 2]) {
    const total = offset + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString("base64")
      .replace(/=+$/, "");
    // Drop the characters that also carry bits of the unknown bytes before and after the value.
    const needle = encoded.slice([0, 2, 3][offset], total % 3 === 0 ? encoded.length : encoded.length - 1);
    forms.push({ encoding: `base64@${offset}`, needle });
    forms.push({ encoding: `base64url@${offset}`, needle: needle.replaceAll("+", "-").replaceAll("/", "_") });
  }
  return forms;
}

/**
 * Which canaries (and in which encoding) occur in `haystack`, each with the 60 characters before
 * it so a failure says where, without printing the value itself.
 */
export function findCanaries(haystack: string, canaries: Canary[]): string[] {
  const hits: string[] = [];
  for (const canary of canaries) {
    for (const { encoding, needle } of encodingsOf(canary.value)) {
      const at = needle.length >= 8 ? haystack.indexOf(needle) : -1;
      if (at >= 0)
        hits.push(
          `${canary.name} (${encoding}) after ${JSON.stringify(haystack.slice(Math.max(0, at - 60), at))}`,
        );
    }
  }
  return hits;
}
