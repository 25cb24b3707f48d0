import { describe, expect, it } from "vitest";
import { createPreview, PREVIEW_WIDTH } from "./preview";

const dots = (n: number) => "•".repeat(n);

describe("createPreview", () => {
  it("is 16 dots for every value under 24 characters: no tail, no length bucket", () => {
    for (const length of [0, 1, 5, 8, 15, 16, 20, 23]) {
      expect(createPreview("y".repeat(length)), `length ${length}`).toBe(dots(16));
    }
    expect(createPreview(`${"z".repeat(19)}1234`)).toBe(dots(16));
  });

  it("shows only the last 4 characters of a value of 24+ characters", () => {
    expect(createPreview("sk_live_abcdefghijklmnopqrstuvwxyz")).toBe(`${dots(12)}wxyz`);
    expect(createPreview(`${"a".repeat(20)}1234`)).toBe(`${dots(12)}1234`);
    expect(createPreview(`sk_live_${"x".repeat(500)}tail`)).toBe(`${dots(12)}tail`);
  });

  it("has the same width for every value, so it never reveals the length", () => {
    const widths = new Set(
      [0, 3, 15, 16, 23, 24, 25, 64, 1000].map((n) => Array.from(createPreview("q".repeat(n))).length),
    );
    expect([...widths]).toEqual([PREVIEW_WIDTH]);
  });

  it("never shows the start or the middle of a value", () => {
    const value = `sk_live_${"SECRETMIDDLE".repeat(3)}tail`;
    expect(createPreview(value)).toBe(`${dots(12)}tail`);
    expect(createPreview(value)).not.toContain("sk_l");
    expect(createPreview(value)).not.toContain("SECRETMIDDLE");
  });

  it("counts code points, so an emoji is never cut in half", () => {
    expect(createPreview("🔑".repeat(30))).toBe(`${dots(12)}🔑🔑🔑🔑`);
    expect(createPreview("🔑".repeat(23))).toBe(dots(16));
  });
});
