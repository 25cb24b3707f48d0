import { describe, expect, it } from "vitest";
import { errorText } from "./error-text";

describe("errorText", () => {
  it("holds the message, the stack, own properties and every cause", () => {
    const error = Object.assign(new Error("outer", { cause: new TypeError("inner secret") }), {
      detail: "prop",
    });
    const text = errorText(error);
    for (const part of ["outer", "inner secret", "TypeError", '"detail":"prop"', "error-text.test.ts"]) {
      expect(text).toContain(part);
    }
    expect(errorText("plain")).toBe("plain");
  });
});
