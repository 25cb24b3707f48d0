/**
 * Masks every string inside a JSON-like value, keys included. Numbers and booleans are checked
 * through their text too: a numeric secret (a PIN) inside a JSON number is replaced by the masked
 * string. Masking a whole serialised document instead could break its JSON (a masked number).
 */
export function maskDeep(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    const text = String(value);
    const masked = mask(text);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [mask(key), maskDeep(item, mask)]));
  }
  return value;
}
