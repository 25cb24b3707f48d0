import { describe, expect, it } from "vitest";
import { valueWarnings } from "./value-warnings";

describe("valueWarnings", () => {
  it("is quiet for a clean value and for an empty field", () => {
    expect(valueWarnings("sk_live_abcdefghijklmnop")).toEqual([]);
    expect(valueWarnings("")).toEqual([]);
  });

  it("words every check of the shared package, each with what to do", () => {
    expect(valueWarnings(" sk_live_abcdefghijklmnop\n")).toEqual([
      expect.stringMatching(/spaces or line breaks.*Remove/),
    ]);
    expect(valueWarnings("sk_live_abc\u200Bdefghijklmnop")).toEqual([
      expect.stringMatching(/invisible.*Paste it again/),
    ]);
    expect(valueWarnings('"sk_live_abcdefghijklmnop"')).toEqual([expect.stringMatching(/quotes.*Remove/)]);
    expect(valueWarnings("{{secrets.stripe_secret}}")).toEqual([
      expect.stringMatching(/reference.*Paste the value/),
    ]);
    expect(valueWarnings("abc123")).toEqual([expect.stringMatching(/short.*Check/)]);
  });
});
