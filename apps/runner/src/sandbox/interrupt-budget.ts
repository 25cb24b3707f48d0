/**
 * Interrupt handler calls allowed per millisecond of timeout. QuickJS calls the handler every
 * ~10,000 bytecode operations; a tight loop makes a few to a few dozen calls per ms depending on
 * the machine, so 100/ms stops it within a small multiple of the timeout.
 */
export const CALLS_PER_MS = 100;

/**
 * Decides when QuickJS must stop a script; returning true throws an uncatchable "interrupted"
 * error inside it. Two limits, whichever comes first:
 * - the wall-clock deadline (works locally and under test);
 * - an operation budget, because deployed Workers do not advance `Date.now()` while code
 *   computes without I/O (a timing-attack mitigation), so there the deadline alone would never fire.
 * `now` is the clock (tests pass a frozen one to show the operation budget alone stops a script).
 * Time the script spends in host helpers runs no bytecode and, in a deployed Worker, moves no clock:
 * `charge(ms)` takes an estimate of it from the same budget (helper-limits.ts).
 */
export function createInterruptBudget(timeoutMs: number, now: () => number = Date.now) {
  const deadline = now() + timeoutMs;
  const maxCalls = timeoutMs * CALLS_PER_MS;
  let calls = 0;
  let interrupted = false;
  return {
    shouldInterrupt: () => {
      calls++;
      if (calls > maxCalls || now() > deadline) interrupted = true;
      return interrupted;
    },
    /** Spends `ms` of the budget on work done outside the VM; false once the budget is gone. */
    charge: (ms: number) => {
      calls += ms * CALLS_PER_MS;
      if (calls > maxCalls || now() > deadline) interrupted = true;
      return !interrupted;
    },
    interrupted: () => interrupted,
  };
}
