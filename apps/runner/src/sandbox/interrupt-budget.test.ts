import { describe, expect, it } from "vitest";
import { createInterruptBudget } from "./interrupt-budget";

describe("createInterruptBudget", () => {
  it("interrupts after the operation budget even when the clock does not move", () => {
    const budget = createInterruptBudget(10);
    let calls = 0;
    while (!budget.shouldInterrupt()) calls++;
    expect(calls).toBe(1000);
    expect(budget.interrupted()).toBe(true);
  });
});
