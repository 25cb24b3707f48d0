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
