import { describe, expect, it } from "vitest";
import { firstRunAt, nextRunAt, ScheduleError } from "./next-run-at";

const scheduleError = (run: () => unknown): ScheduleError | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof ScheduleError) return error;
    throw error;
  }
};

describe("nextRunAt", () => {
  it("keeps local wall-clock time across a DST change", () => {
    // Europe/Paris leaves summer time on 2026-10-25: 09:00 local is 07:00Z before, 08:00Z after.
    expect(nextRunAt("0 9 * * *", "Europe/Paris", new Date("2026-10-24T12:00:00Z"))).toBe(
      "2026-10-25T08:00:00.000Z",
    );
    expect(nextRunAt("0 9 * * *", "Europe/Paris", new Date("2026-10-23T12:00:00Z"))).toBe(
      "2026-10-24T07:00:00.000Z",
    );
    // New York enters summer time on 2026-03-08: 09:00 local is 14:00Z before, 13:00Z after.
    expect(nextRunAt("0 9 * * *", "America/New_York", new Date("2026-03-07T15:00:00Z"))).toBe(
      "2026-03-08T13:00:00.000Z",
    );
  });

  it("defaults to UTC (undefined or null timezone), accepts nicknames, and is strictly after `after`", () => {
    expect(nextRunAt("*/15 * * * *", undefined, new Date("2026-01-01T00:07:30Z"))).toBe(
      "2026-01-01T00:15:00.000Z",
    );
    expect(nextRunAt("0 9 * * *", null, new Date("2026-03-07T15:00:00Z"))).toBe("2026-03-08T09:00:00.000Z");
    expect(nextRunAt("@daily", undefined, new Date("2026-01-01T10:00:00Z"))).toBe("2026-01-02T00:00:00.000Z");
    // An occurrence exactly at `after` is the one being dispatched, not the next.
    expect(nextRunAt("*/15 * * * *", null, new Date("2026-01-01T00:15:00Z"))).toBe(
      "2026-01-01T00:30:00.000Z",
    );
  });

  it("refuses what the once-a-minute cron cannot run, naming the field and what to write", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const sixFields = scheduleError(() => nextRunAt("0 */5 * * * *", null, now));
    expect(sixFields?.path).toBe("trigger.cron");
    expect(sixFields?.message).toContain('expected 5 fields "minute hour day-of-month month day-of-week"');

    const badTimezone = scheduleError(() => nextRunAt("0 9 * * *", "Nowhere/City", now));
    expect(badTimezone?.path).toBe("trigger.timezone");
    expect(badTimezone?.message).toBe('unknown IANA timezone "Nowhere/City" (e.g. "Europe/Paris")');

    const outOfRange = scheduleError(() => nextRunAt("99 * * * *", undefined, now));
    expect(outOfRange?.path).toBe("trigger.cron");
    expect(outOfRange?.message).toMatch(/^invalid cron expression "99 \* \* \* \*": /);
  });

  it("firstRunAt refuses a schedule that never fires; nextRunAt reports it as null", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(nextRunAt("0 0 30 2 *", null, now)).toBeNull();
    const never = scheduleError(() => firstRunAt("0 0 30 2 *", null, now));
    expect(never?.path).toBe("trigger.cron");
    expect(never?.message).toMatch(/^this schedule never fires: "0 0 30 2 \*" matches no date/);
    expect(scheduleError(() => firstRunAt("0 0 31 4 *", "Europe/Paris", now))?.path).toBe("trigger.cron");
    // Rare is not never: February 29th fires in the next leap year.
    expect(firstRunAt("0 0 29 2 *", null, now)).toBe("2028-02-29T00:00:00.000Z");
  });
});
