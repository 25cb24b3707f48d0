/** Escaping rules, one per place a value can land. Each is chosen by the field, never by the user. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lone surrogates cannot be UTF-8 encoded; replace them as TextEncoder would. */
export const wellFormed = (value: string): string => value.replace(LONE_SURROGATE, "\uFFFD");

/** RFC 3986 percent-encoding of everything but unreserved characters (also `!'()*`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(wellFormed(value)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** application/x-www-form-urlencoded body from ordered pairs. */
export function formEncode(pairs: [string, string][]): string {
  return new URLSearchParams(pairs.map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString();
}

/** CR and LF split headers (request smuggling, SMTP header injection); NUL truncates in many stacks. */
export const hasLineBreakOrNul = (value: string): boolean => /[\r\n\0]/.test(value);

/**
 * True when the text is, as written, an absolute http(s) URL. The WHATWG parser silently drops tabs,
 * newlines and surrounding spaces, so those are refused first: what we check must be what we send.
 */
export function isHttpUrl(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Appends already percent-encoded `key=value` pairs before any fragment. */
export function appendQuery(url: string, pairs: string[]): string {
  if (!pairs.length) return url;
  const hash = url.indexOf("#");
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? "" : url.slice(hash);
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}${pairs.join("&")}${fragment}`;
}
