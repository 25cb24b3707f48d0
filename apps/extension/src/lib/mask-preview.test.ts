import { describe, expect, it } from "vitest";
// The API's own preview function: the form must show exactly what will be stored.
import { createPreview } from "../../../api/src/services/preview";
import { maskPreview } from "./mask-preview";

describe("maskPreview", () => {
  it("matches the API's stored preview for every length", () => {
    for (const value of [
      "",
      "a",
      "short",
      "x".repeat(15),
      "y".repeat(16),
      "z".repeat(23),
      "sk_live_abcdefghijklmnopqrstuvwxyz",
      "🔑".repeat(30),
    ]) {
      expect(maskPreview(value)).toBe(createPreview(value));
    }
  });

  it("never shows the middle of a long value", () => {
    const value = `sk_live_${"SECRETMIDDLE".repeat(3)}tail`;
    expect(maskPreview(value)).toBe("sk_l••••••••tail");
    expect(maskPreview(value)).not.toContain("SECRETMIDDLE");
  });
});
