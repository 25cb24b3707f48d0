import { defineCommand, runCommand, showUsage } from "citty";
import { toCliError } from "./cli-error";
import { loginCommand, logoutCommand, signupCommand, whoamiCommand } from "./commands/auth";
import { runCommand as runWorkflowCommand } from "./commands/run";
import { runsCommand } from "./commands/runs";
import { secretsCommand } from "./commands/secrets";
import { workflowsCommand } from "./commands/workflows";
import { resolveApiUrl } from "./context";
import { ExitCode } from "./exit-codes";
import { paint } from "./output/terminal";

declare const __WFS_VERSION__: string;

export const wfs = defineCommand({
  meta: {
    name: "wfs",
    version: typeof __WFS_VERSION__ === "string" ? __WFS_VERSION__ : "dev",
    description: "Workflow Secrets from the shell: secrets, workflows and runs",
  },
  subCommands: {
    signup: signupCommand,
    login: loginCommand,
    logout: logoutCommand,
    whoami: whoamiCommand,
    secrets: secretsCommand,
    workflows: workflowsCommand,
    run: runWorkflowCommand,
    runs: runsCommand,
  },
});

/** Runs `wfs` with these arguments and returns the exit code (documented in exit-codes.ts and the README). */
export async function main(rawArgs: string[]): Promise<number> {
  try {
    if (rawArgs.length === 0 || rawArgs.includes("--help") || rawArgs.includes("-h")) {
      await showUsage(...(await usageTarget(rawArgs)));
      return rawArgs.length === 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
      process.stdout.write(`${(wfs.meta as { version: string }).version}\n`);
      return ExitCode.OK;
    }
    await runCommand(wfs, { rawArgs });
    return ExitCode.OK;
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`${paint("red", "error", process.stderr)}: ${(error as Error).message}\n`);
      process.stderr.write("run `wfs --help` (or `wfs <command> --help`) for usage\n");
      return ExitCode.USAGE;
    }
    const failure = toCliError(error, safeApiUrl(rawArgs));
    process.stderr.write(`${paint("red", "error", process.stderr)}: ${failure.message}\n`);
    if (failure.hint) process.stderr.write(`${paint("dim", failure.hint, process.stderr)}\n`);
    return failure.exitCode;
  }
}

/** The command whose usage to show for `wfs secrets set --help`. */
async function usageTarget(rawArgs: string[]) {
  let command = wfs;
  let parent: typeof wfs | undefined;
  for (const arg of rawArgs) {
    if (arg.startsWith("-")) break;
    const subCommands = (command.subCommands ?? {}) as Record<string, typeof wfs>;
    const next = subCommands[arg];
    if (!next) break;
    parent = command;
    command = next;
  }
  return [command, parent] as const;
}

/** citty's errors for unknown commands and missing arguments. */
function isUsageError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "CLIError" ||
      ("code" in error &&
        typeof (error as { code: unknown }).code === "string" &&
        String((error as { code: string }).code).startsWith("E_")))
  );
}

function safeApiUrl(rawArgs: string[]): string | undefined {
  try {
    const at = rawArgs.indexOf("--url");
    return resolveApiUrl(at >= 0 ? rawArgs[at + 1] : undefined);
  } catch {
    return undefined;
  }
}
