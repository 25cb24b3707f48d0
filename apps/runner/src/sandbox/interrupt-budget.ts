/**
 * Decides when QuickJS must stop a script. QuickJS calls the handler every few thousand
 * bytecode operations; returning true throws an uncatchable "interrupted" error in the script.
 */
export function createInterruptBudget(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let interrupted = false;
  return {
    shouldInterrupt: () => {
      if (Date.now() > deadline) interrupted = true;
      return interrupted;
    },
    interrupted: () => interrupted,
  };
}
