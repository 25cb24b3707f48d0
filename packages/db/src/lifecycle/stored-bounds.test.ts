import { describe, expect, it } from "vitest";
import { MAX_RUN_STORED_CHARS, runStoredBound, STORED_FIELD_LIMITS, stepStoredBound } from "./stored-bounds";

describe("stored bounds", () => {
  it("one step row, every field full, stays under D1's 2,000,000-byte row limit even at 3 bytes a unit", () => {
    const everyField = Object.values(STORED_FIELD_LIMITS).reduce((a, b) => a + b, 0);
    expect(everyField * 3).toBeLessThan(2_000_000 - 10_000);
    for (const type of ["http", "slack", "email", "script"] as const) {
      expect(stepStoredBound(type)).toBeLessThanOrEqual(everyField);
    }
  });

  it("a run fits 45 HTTP steps at their limits, not 46", () => {
    const http = (n: number) => Array.from({ length: n }, () => ({ type: "http" as const }));
    expect(runStoredBound(http(45))).toEqual({ chars: 45 * stepStoredBound("http"), fits: true });
    expect(runStoredBound(http(46)).fits).toBe(false);
    expect(runStoredBound(http(46)).chars).toBeGreaterThan(MAX_RUN_STORED_CHARS);
  });
});
