import { describe, expect, it } from "vitest";
import { valueWarnings } from "./value-warnings";

describe("valueWarnings", () => {
  it("is quiet for a clean value", () => {
    expect(valueWarnings("sk_live_abcdefghijklmnop")).toEqual([]);
    expect(valueWarnings("")).toEqual([]);
  });

  it("flags whitespace, invisible characters and short values, each with what to do", () => {
    expect(valueWarnings(" sk_live_abcdefghijklmnop\n")[0]).toMatch(/spaces or line breaks.*Remove/);
    expect(valueWarnings("sk_live_abc\u200Bdefghijklmnop")[0]).toMatch(/invisible.*Paste it again/);
    expect(valueWarnings("abc123")[0]).toMatch(/short.*Check/);
  });
});
