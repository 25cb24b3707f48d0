/**
 * Every encoding the masker must catch, for the canary sweep: the echo server answers with the
 * value in all of them, in the body, in headers and in error pages.
 */
export function encodingsOf(value: string): Record<string, string> {
  const bytes = Buffer.from(value, "utf8");
  return {
    raw: value,
    base64: bytes.toString("base64"),
    base64url: bytes.toString("base64url"),
    hex: bytes.toString("hex"),
    percent: encodeURIComponent(value),
    form: new URLSearchParams({ v: value }).toString().slice(2),
    json: JSON.stringify(value).slice(1, -1),
    html: value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
  };
}
