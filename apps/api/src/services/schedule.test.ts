import { describe, expect, it } from "vitest";
import { computeNextRunAt, ScheduleError } from "./schedule";

describe("computeNextRunAt", () => {
  it("keeps local wall-clock time across a DST change", () => {
    // Europe/Paris leaves summer time on 2026-10-25: 09:00 local is 07:00Z before, 08:00Z after.
    expect(computeNextRunAt("0 9 * * *", "Europe/Paris", new Date("2026-10-24T12:00:00Z"))).toBe(
      "2026-10-25T08:00:00.000Z",
    );
    expect(computeNextRunAt("0 9 * * *", "Europe/Paris", new Date("2026-10-23T12:00:00Z"))).toBe(
      "2026-10-24T07:00:00.000Z",
    );
  });

  it("defaults to UTC, accepts nicknames, and names the bad field", () => {
    expect(computeNextRunAt("*/15 * * * *", undefined, new Date("2026-01-01T00:07:30Z"))).toBe(
      "2026-01-01T00:15:00.000Z",
    );
    expect(computeNextRunAt("@daily", undefined, new Date("2026-01-01T10:00:00Z"))).toBe(
      "2026-01-02T00:00:00.000Z",
    );
    expect(() => computeNextRunAt("0 9 * * *", "Nowhere/City")).toThrowError(ScheduleError);
    const error = (() => {
      try {
        computeNextRunAt("99 * * * *", undefined);
      } catch (e) {
        return e as ScheduleError;
      }
    })();
    expect(error?.path).toBe("trigger.cron");
  });
});
