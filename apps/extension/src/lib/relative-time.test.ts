import { describe, expect, it } from "vitest";
import { relativeTime } from "./relative-time";

describe("relativeTime", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it("says how long ago, briefly", () => {
    expect(relativeTime(null, now)).toBe("never");
    expect(relativeTime("2026-11-28T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-11-28T11:45:00Z", now)).toBe("15 min ago");
    expect(relativeTime("2026-11-28T09:00:00Z", now)).toBe("3 h ago");
    expect(relativeTime("2026-11-25T12:00:00Z", now)).toBe("3 d ago");
  });
});
