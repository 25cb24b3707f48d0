import { expect } from "vitest";
import { toBase64Url, toHex, utf8 } from "../encoding";

/** A random value tests plant, so a leak is found by searching for it. */
export function canary(label = "canary"): string {
  return `${label}-${toHex(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/** Every form in which a planted value could leak: raw, base64, base64url, hex, percent, JSON. */
export function encodingsOf(value: string): string[] {
  const bytes = utf8(value);
  const base64url = toBase64Url(bytes);
  const base64 = base64url.replaceAll("-", "+").replaceAll("_", "/");
  return [
    value,
    base64,
    base64url,
    toHex(bytes),
    toHex(bytes).toUpperCase(),
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
  ];
}

/** Asserts that none of `secrets` appears, in any encoding, in `text`. */
export function expectNoLeak(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const form of encodingsOf(secret)) {
      expect(text.includes(form), `leaked a planted value (${form.length} chars)`).toBe(false);
    }
  }
}

/** Everything an error could print: message, stack, String() and JSON. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return [error.message, error.stack ?? "", String(error), JSON.stringify(error)].join("\n");
}
