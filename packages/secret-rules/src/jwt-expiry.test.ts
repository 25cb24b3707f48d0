import { describe, expect, it } from "vitest";
import { readJwtExpiry } from "./jwt-expiry";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const jwt = (payload: unknown, header: unknown = { alg: "HS256", typ: "JWT" }) =>
  `${b64url(header)}.${b64url(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;

describe("readJwtExpiry", () => {
  it("reads exp (seconds) as a date", () => {
    expect(readJwtExpiry(jwt({ sub: "u1", exp: 1_800_000_000 }))?.toISOString()).toBe(
      "2027-01-15T08:00:00.000Z",
    );
  });

  it("ignores surrounding whitespace, as a paste carries it", () => {
    expect(readJwtExpiry(`  ${jwt({ exp: 1_700_000_000 })}\n`)?.getTime()).toBe(1_700_000_000_000);
  });

  it("has nothing to say about a JWT without a numeric exp", () => {
    expect(readJwtExpiry(jwt({ sub: "u1" }))).toBeUndefined();
    expect(readJwtExpiry(jwt({ exp: "tomorrow" }))).toBeUndefined();
    expect(readJwtExpiry(jwt({ exp: -5 }))).toBeUndefined();
  });

  it("does not take other dotted values for JWTs", () => {
    expect(readJwtExpiry("sk_live_abcdefghijklmnop")).toBeUndefined();
    expect(readJwtExpiry("a.b.c")).toBeUndefined();
    expect(readJwtExpiry("1.2.3")).toBeUndefined();
    // A JSON payload with exp but a header that is not a JWT header.
    expect(readJwtExpiry(jwt({ exp: 1_800_000_000 }, { kid: "x" }))).toBeUndefined();
    expect(readJwtExpiry(`${jwt({ exp: 1_800_000_000 })}.extra`)).toBeUndefined();
  });
});
