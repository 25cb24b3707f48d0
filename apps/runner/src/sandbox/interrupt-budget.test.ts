import { describe, expect, it } from "vitest";
import { createInterruptBudget } from "./interrupt-budget";

describe("createInterruptBudget", () => {
  it("interrupts after the operation budget even when the clock does not move", () => {
    // A frozen clock, as in a deployed Worker: only the operation budget can stop the script.
    const budget = createInterruptBudget(10, () => 0);
    let calls = 0;
    while (!budget.shouldInterrupt()) calls++;
    expect(calls).toBe(1000);
    expect(budget.interrupted()).toBe(true);
  });

  it("interrupts at the deadline when the clock moves, before the operation budget", () => {
    let clock = 0;
    const budget = createInterruptBudget(10, () => clock);
    expect(budget.shouldInterrupt()).toBe(false);
    clock = 11;
    expect(budget.shouldInterrupt()).toBe(true);
    expect(budget.interrupted()).toBe(true);
  });
});

describe("createInterruptBudget: charge", () => {
  it("takes host time from the same budget, and stops the script once it is spent", () => {
    const budget = createInterruptBudget(10, () => 0);
    expect(budget.charge(6)).toBe(true);
    let calls = 0;
    while (!budget.shouldInterrupt()) calls++;
    // 10 ms is 1,000 operations; 6 ms were charged, 400 remain.
    expect(calls).toBe(400);
    expect(budget.charge(0)).toBe(false);
  });
});
