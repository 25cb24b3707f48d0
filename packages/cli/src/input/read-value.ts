import { isCancel, password } from "@clack/prompts";
import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";

/** Everything on stdin, as text (a value piped in: `pbpaste | wfs secrets set NAME`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A secret's value: from a hidden prompt on a terminal, else from stdin with ONE trailing line break
 * removed (what `echo` and most files add). Never from an argument: arguments land in shell history
 * and in `ps` for every user of the machine.
 */
export async function readSecretValue(label: string): Promise<string> {
  if (process.stdin.isTTY) {
    const value = await password({ message: label, mask: "•" });
    if (isCancel(value)) throw new CliError("cancelled", ExitCode.USAGE);
    return value;
  }
  const value = (await readStdin()).replace(/\r?\n$/, "");
  if (value.length === 0) {
    throw new CliError(
      "stdin was empty: nothing to save",
      ExitCode.USAGE,
      "pipe the value in: `wfs secrets set NAME < file`",
    );
  }
  return value;
}
