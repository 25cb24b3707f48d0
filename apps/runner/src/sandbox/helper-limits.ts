import type { ScriptHelper } from "./sandbox-globals";

/** The most input one helper call takes (UTF-8 bytes of all its arguments together). */
export const MAX_HELPER_INPUT_BYTES = 1024 * 1024;
/**
 * What a helper call costs the script's time budget: 1 ms per 16 KiB of input. The helpers (SHA-256
 * and HMAC in JavaScript) run at roughly 45 MB/s in workerd here, so this overcharges about three times:
 * a script can never spend more host time than its timeout. The clock cannot measure it: a deployed
 * Worker's `Date.now()` does not move while code computes.
 */
export const HELPER_BYTES_PER_MS = 16 * 1024;

const encoder = new TextEncoder();

/** Thrown inside the VM when a helper call is refused; the script sees it as an ordinary Error. */
export class HelperRefusedError extends Error {
  override readonly name = "Error";
}

/**
 * Wraps each helper so that its input is capped and its estimated time is charged to the script's
 * budget BEFORE it runs: a call the budget cannot pay for is not made, and the budget, once spent,
 * stops the script at its next operation (an uncatchable interrupt, reported as the timeout).
 */
export function chargeHelpers(
  helpers: Record<string, ScriptHelper>,
  budget: { charge(ms: number): boolean },
): Record<string, ScriptHelper> {
  return Object.fromEntries(
    Object.entries(helpers).map(([name, helper]) => [
      name,
      (...args: string[]) => {
        const bytes = inputBytes(args);
        if (bytes > MAX_HELPER_INPUT_BYTES) {
          throw new HelperRefusedError(
            `${name}() takes at most 1 MiB of input (1,048,576 bytes), it was given ${bytes}; work on smaller parts`,
          );
        }
        if (!budget.charge(bytes / HELPER_BYTES_PER_MS)) {
          throw new HelperRefusedError(`${name}() was not run: the script is out of time`);
        }
        return helper(...args);
      },
    ]),
  );
}

/** UTF-8 size of the arguments, without encoding what is plainly over the cap. */
function inputBytes(args: string[]): number {
  const units = args.reduce((sum, arg) => sum + arg.length, 0);
  if (units > MAX_HELPER_INPUT_BYTES) return units; // every unit is at least one byte
  return args.reduce((sum, arg) => sum + encoder.encode(arg).byteLength, 0);
}
