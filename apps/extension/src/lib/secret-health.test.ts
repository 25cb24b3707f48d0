import { describe, expect, it } from "vitest";
import { attentionCounts, attentionFirst, badgeText, needingAttention, stateAdvice } from "./secret-health";

const secret = (name: string, state: "ok" | "expiring" | "expired" | "failing" | "unused") => ({
  name,
  state,
});

describe("secret health in the extension", () => {
  const list = [
    secret("a_ok", "ok"),
    secret("b_unused", "unused"),
    secret("c_expiring", "expiring"),
    secret("d_failing", "failing"),
    secret("e_expired", "expired"),
    secret("f_expired", "expired"),
  ];

  it("counts expired, failing and expiring secrets for the badge (unused is not urgent)", () => {
    expect(attentionCounts(list)).toEqual({ expired: 2, failing: 1, expiring: 1 });
    expect(badgeText(attentionCounts(list))).toBe("4");
    expect(badgeText(attentionCounts([secret("x", "ok"), secret("y", "unused")]))).toBe("");
  });

  it("puts the most urgent first, then by name, and keeps the rest after them", () => {
    expect(needingAttention(list).map((s) => s.name)).toEqual([
      "e_expired",
      "f_expired",
      "d_failing",
      "c_expiring",
      "b_unused",
    ]);
    expect(attentionFirst(list).at(-1)?.name).toBe("a_ok");
  });

  it("says what to do next", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(stateAdvice({ state: "expiring", expiresAt: "2026-12-04T00:00:00Z" }, now)).toBe(
      "Expires in 3 days. Rotate it before then.",
    );
    expect(stateAdvice({ state: "failing", expiresAt: null })).toContain("refused (401/403)");
    expect(stateAdvice({ state: "expired", expiresAt: null })).toBe(
      "Expired. Runs that use it stop before sending anything: rotate it or roll back.",
    );
  });
});
