import { describe, expect, it } from "vitest";
import { lineDiff } from "./line-diff";

describe("lineDiff", () => {
  it("shows removed and added lines with context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g"].join("\n");
    const after = ["a", "b", "c", "D", "e", "f", "g"].join("\n");
    expect(lineDiff(before, after)).toEqual(["  b", "  c", "- d", "+ D", "  e", "  f", "  …"]);
  });

  it("is empty when nothing changed", () => {
    expect(lineDiff("x\ny", "x\ny")).toEqual([]);
  });
});
