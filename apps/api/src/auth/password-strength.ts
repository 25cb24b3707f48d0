import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const MIN_PASSWORD_SCORE = 3;
/**
 * zxcvbn's cost grows fast with length and with l33t substitutions (seconds for some 256-character
 * inputs); the estimate reads the first 64 characters (a longer password is at least that strong)
 * and tries at most 8 substitutions, which keeps one check in the tens of milliseconds.
 */
const ESTIMATED_LENGTH = 64;
const MAX_L33T_SUBSTITUTIONS = 8;

const HOW_TO = "use 4 or more random words, or a password manager's generated password";

/** The cheap rules, checked as input: length, and not only whitespace. */
export const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `the password needs at least ${MIN_PASSWORD_LENGTH} characters: ${HOW_TO}`)
  .max(MAX_PASSWORD_LENGTH, `the password can have at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((password) => password.trim() !== "", `the password cannot be only spaces: ${HOW_TO}`);

// Built on the first sign-up, not at startup: ranking the dictionaries (30,000 common passwords,
// diceware words, keyboard layouts) costs a noticeable moment that other requests should not pay.
let estimator: ZxcvbnFactory | undefined;
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    maxLength: ESTIMATED_LENGTH,
    l33tMaxSubstitutions: MAX_L33T_SUBSTITUTIONS,
  });
  return estimator;
}

/**
 * A message saying what to do when the password is too easy to guess, or undefined. `context` (the
 * email and its parts) counts as known to an attacker: a password built from it scores low.
 * Call it after the sign-up throttle, so a throttled client cannot spend the estimator's CPU.
 */
export function weakPasswordProblem(password: string, context: string[]): string | undefined {
  const { score } = strengthEstimator().check(password, context);
  if (score >= MIN_PASSWORD_SCORE) return undefined;
  return `the password is too easy to guess (strength ${score} of 4, needs ${MIN_PASSWORD_SCORE}): ${HOW_TO}`;
}
