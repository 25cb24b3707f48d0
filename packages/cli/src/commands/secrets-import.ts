import { readFileSync } from "node:fs";
import { WorkflowSecretsError } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { CliError } from "../cli-error";
import { signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { parseEnvFile } from "../input/env-file";
import { note, paint, printJson, printTable } from "../output/terminal";
import { saveSecret } from "../secrets/save-secret";
import { jsonArg, urlArg } from "./shared-args";

export const importCommand = defineCommand({
  meta: {
    name: "import",
    description: "Save every KEY=value of a .env file as a secret (names in lower case)",
  },
  args: {
    file: { type: "positional", required: true, description: "the .env file" },
    "dry-run": { type: "boolean", description: "list what would be created or rotated, change nothing" },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    let text: string;
    try {
      text = readFileSync(args.file, "utf8");
    } catch {
      throw new CliError(`cannot read ${args.file}`, ExitCode.USAGE);
    }
    const { entries, skipped } = parseEnvFile(text);
    const { client } = signedInClient(args.url);
    const existing = new Map((await client.secrets.list.query()).map((s) => [s.name, s]));
    const plan = entries.map((entry) => ({
      key: entry.key,
      name: entry.name,
      line: entry.line,
      action: existing.has(entry.name) ? ("rotate" as const) : ("create" as const),
      fromVersion: existing.get(entry.name)?.version ?? null,
    }));
    const results: { name: string; action: string; version?: number; preview?: string; error?: string }[] =
      [];
    if (!args["dry-run"]) {
      for (const entry of entries) {
        try {
          const { action, saved } = await saveSecret(
            client,
            entry.name,
            entry.value,
            existing.has(entry.name),
          );
          results.push({ name: entry.name, action, version: saved.version, preview: saved.preview });
        } catch (error) {
          if (!(error instanceof WorkflowSecretsError) || error.code === "NETWORK_ERROR") throw error;
          results.push({ name: entry.name, action: "failed", error: error.message });
        }
      }
    }
    const failed = results.filter((r) => r.action === "failed");
    if (args.json) {
      printJson({ dryRun: Boolean(args["dry-run"]), plan, results, skipped });
    } else {
      const rows = args["dry-run"]
        ? plan.map((p) => [
            p.name,
            p.key,
            p.action === "create"
              ? paint("green", "create")
              : paint("yellow", `rotate (v${p.fromVersion} → v${(p.fromVersion ?? 0) + 1})`),
          ])
        : results.map((r) => [
            r.name,
            r.preview ?? "-",
            r.action === "failed" ? paint("red", `failed: ${r.error}`) : `${r.action} v${r.version}`,
          ]);
      printTable(args["dry-run"] ? ["NAME", "KEY", "WOULD"] : ["NAME", "PREVIEW", "RESULT"], rows);
      for (const skip of skipped)
        note(paint("dim", `line ${skip.line} skipped: ${skip.reason}`, process.stderr));
      if (args["dry-run"]) note(`dry run: nothing saved. ${plan.length} secret(s) would be saved.`);
    }
    if (failed.length > 0)
      throw new CliError(`${failed.length} of ${entries.length} secrets were not saved`, ExitCode.GENERAL);
  },
});
