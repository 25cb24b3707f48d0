/**
 * Which characters a canary may hold besides its letters and digits:
 * - "any": ` +/"<&é>`, so each encoding changes it (space and `+` in form and percent encoding,
 *   `/` and `+` in URLs, `"` in JSON, `<`, `>`, `&` and `"` in HTML, `é` is non-ASCII);
 * - "ascii": the same without `é`, for values an HTTP header carries;
 * - "token": none, for values that must fit a format of their own (a URL path, a key shape).
 */
export type CanaryCharset = "any" | "ascii" | "token";

const SPECIAL = { any: ' +/"<&é>', ascii: ' +/"<&>', token: "" } as const;

/**
 * A unique value tests plant and then search for: `cnry_<label>_<16 random hex digits>`, followed
 * by the characters of `charset`. Recognisable in a failure, and never found by chance.
 *
 * @example
 * const value = makeCanary("slack", "token"); // cnry_slack_3f9c0a1b2c3d4e5f
 */
export function makeCanary(label = "canary", charset: CanaryCharset = "any"): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  return `cnry_${label}_${random}${SPECIAL[charset]}`;
}
