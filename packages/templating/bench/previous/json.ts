/**
 * Masks every string inside a JSON-like value, keys included, keeping its structure: for step
 * outputs and parsed responses, where masking the serialised text could cut across a quote.
 * Numbers, booleans and big integers are checked through their text too: a numeric secret (a PIN,
 * an account number) inside a JSON number is replaced by the masked string, which is why the
 * result is `unknown` rather than the input's type.
 */
export function maskJsonValue(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    const text = String(value);
    const masked = mask(text);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) return value.map((item) => maskJsonValue(item, mask));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [mask(key), maskJsonValue(item, mask)]),
    );
  }
  return value;
}

/**
 * `JSON.parse`, except that a number JavaScript cannot hold exactly is kept as its source text:
 * `12345678901234567891` would parse as 12345678901234567000, which no longer matches a numeric
 * secret for the masker while still showing most of its digits (and `1e400` would become null when
 * stored). Exact numbers (`1`, `1.0`, `0.1`, `1e3`) stay numbers. Throws a SyntaxError for text
 * that is not JSON, like `JSON.parse`. Needs no reviver source access, so it works in every runtime.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  let quoted = "";
  let at = 0;
  // The text is valid JSON: outside strings, a digit or "-" starts a number token.
  const next = /["\d-]/g;
  for (let found = next.exec(text); found; found = next.exec(text)) {
    const start = found.index;
    if (text.charCodeAt(start) === QUOTE) {
      next.lastIndex = closingQuote(text, start) + 1;
      continue;
    }
    let end = start + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    next.lastIndex = end;
    const token = text.slice(start, end);
    if (!isExactNumber(token)) {
      quoted += `${text.slice(at, start)}"${token}"`;
      at = end;
    }
  }
  return at === 0 ? parsed : JSON.parse(quoted + text.slice(at));
}

const QUOTE = 34;
const BACKSLASH = 92;
// Digits, ".", "e", "E", "+", "-".
const isNumberChar = (c: number) =>
  (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;

/** Index of the quote that closes the string opening at `open`. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
}

/** Whether `Number(token)` prints as the same decimal value the token wrote. */
function isExactNumber(token: string): boolean {
  // Up to 15 significant digits and no exponent always round-trip: skip the work for those.
  if (token.length <= 15 && !/[eE]/.test(token)) return true;
  const printed = String(Number(token));
  return printed === token || decimalKey(printed) === decimalKey(token);
}

const NUMBER_PARTS = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A canonical `sign digits e exponent` form of a decimal, so `1.50`, `15e-1` and `1.5` compare equal. */
function decimalKey(text: string): string | undefined {
  const parts = NUMBER_PARTS.exec(text);
  if (!parts) return undefined; // Infinity: the token overflowed
  const [, sign, whole, fraction = "", exponent = "0"] = parts;
  let digits = `${whole}${fraction}`.replace(/^0+/, "");
  if (!digits) return "0";
  let shift = Number(exponent) - fraction.length;
  const trimmed = digits.replace(/0+$/, "");
  shift += digits.length - trimmed.length;
  digits = trimmed;
  return `${sign}${digits}e${shift}`;
}
