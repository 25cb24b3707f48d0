import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";

/**
 * Every `--input key=value` / `-i key=value` / `--input=key=value` in the raw arguments (repeatable,
 * which the parser alone would collapse), as the run's input object: `a.b=c` → `{ a: { b: "c" } }`.
 * Inputs are arguments, visible in `ps` and shell history: never pass a secret's value here.
 */
export function parseInputPairs(rawArgs: readonly string[]): Record<string, unknown> | undefined {
  const pairs: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--input" || arg === "-i") pairs.push(rawArgs[++i] ?? "");
    else if (arg.startsWith("--input=")) pairs.push(arg.slice("--input=".length));
  }
  if (pairs.length === 0) return undefined;
  const input: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CliError(`--input ${pair}: expected key=value`, ExitCode.USAGE);
    const path = pair.slice(0, eq).split(".");
    let target = input;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target[key] = next && typeof next === "object" ? next : {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = pair.slice(eq + 1);
  }
  return input;
}
