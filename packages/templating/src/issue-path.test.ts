import { describe, expect, it } from "vitest";
import { formatIssuePath } from "./issue-path";

describe("formatIssuePath", () => {
  it("writes indexes in brackets and keys with dots", () => {
    expect(formatIssuePath(["steps", 1, "headers", "Authorization"])).toBe("steps[1].headers.Authorization");
    expect(formatIssuePath([0, "name"])).toBe("[0].name");
    expect(formatIssuePath([])).toBe("");
  });
});
