import { describe, expect, it } from "vitest";
import { jsonTextTooDeep, jsonValueTooDeep, MAX_JSON_DEPTH } from "./json-depth";

const nestedText = (depth: number) => `${'{"a":['.repeat(depth / 2)}1${"]}".repeat(depth / 2)}`;

describe("JSON depth checks", () => {
  it("count arrays and objects up to the limit, refuse one more", () => {
    expect(jsonTextTooDeep(nestedText(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTextTooDeep(nestedText(MAX_JSON_DEPTH + 2))).toBe(true);
    expect(jsonValueTooDeep(JSON.parse(nestedText(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonValueTooDeep(JSON.parse(nestedText(MAX_JSON_DEPTH + 2)))).toBe(true);
    expect(jsonValueTooDeep("text")).toBe(false);
    expect(jsonValueTooDeep(null)).toBe(false);
  });

  it("ignore brackets inside strings, including escaped quotes", () => {
    const inString = JSON.stringify({ s: `\\"${"[".repeat(1000)}`, t: "{".repeat(1000) });
    expect(jsonTextTooDeep(inString)).toBe(false);
  });

  it("walk 400,000 levels without overflowing their own stack", () => {
    const depth = 400_000;
    const text = "[".repeat(depth) + "]".repeat(depth);
    expect(jsonTextTooDeep(text)).toBe(true);
    let value: unknown = [];
    for (let i = 0; i < depth; i++) value = [value];
    expect(jsonValueTooDeep(value)).toBe(true);
  });
});
