import { describe, expect, it } from "vitest";
import { makeCanary } from "./canary";

describe("makeCanary", () => {
  it("is unique and recognisable, with a character each encoding changes", () => {
    const values = Array.from({ length: 100 }, () => makeCanary("api"));
    expect(new Set(values).size).toBe(100);
    for (const value of values) {
      expect(value).toMatch(/^cnry_api_[0-9a-f]{16} /);
      for (const char of [" ", "+", "/", '"', "<", ">", "&", "é"]) expect(value).toContain(char);
    }
  });

  it("stays ASCII for headers, and plain for values that must fit a format", () => {
    expect(makeCanary("header", "ascii")).toMatch(/^cnry_header_[0-9a-f]{16} \+\/"<&>$/);
    expect(makeCanary("path", "token")).toMatch(/^cnry_path_[0-9a-f]{16}$/);
  });
});
