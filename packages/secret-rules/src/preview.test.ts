import { describe, expect, it } from "vitest";
import { createPreview } from "./preview";

describe("createPreview", () => {
  it("has a fixed width that never reveals the length", () => {
    for (const value of ["a", "short", "x".repeat(15)]) expect(createPreview(value)).toBe("••••••••");
    expect(createPreview("y".repeat(16))).toBe("••••••••yyyy");
    expect(createPreview(`${"z".repeat(19)}1234`)).toBe("••••••••1234");
    expect(createPreview("sk_live_abcdefghijklmnopqrstuvwxyz")).toBe("sk_l••••••••wxyz");
  });

  it("never shows the middle of a long value", () => {
    const value = `sk_live_${"SECRETMIDDLE".repeat(3)}tail`;
    expect(createPreview(value)).toBe("sk_l••••••••tail");
    expect(createPreview(value)).not.toContain("SECRETMIDDLE");
  });

  it("counts code points, so an emoji is never cut in half", () => {
    expect(createPreview("🔑".repeat(30))).toBe("🔑🔑🔑🔑••••••••🔑🔑🔑🔑");
    expect(createPreview("🔑".repeat(15))).toBe("••••••••");
  });
});
