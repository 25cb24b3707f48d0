import { readFileSync } from "node:fs";
import { type Client, WorkflowSecretsError } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { CliError } from "../cli-error";
import { signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { parseEnvFile } from "../input/env-file";
import { readSecretValue } from "../input/read-value";
import { note, paint, print, printJson, printTable, shortTime } from "../output/terminal";
import { jsonArg, urlArg } from "./shared-args";

/**
 * Flags that shape what is saved besides the value. The API has no secret types or destinations yet
 * in this build; when it does, each is one entry here and one field in `secretFields`.
 */
const secretShapeArgs = {} as const;

function secretFields(name: string, value: string) {
  return { name, value };
}

/** Creates the secret, or rotates it (version + 1) when the name exists (`exists` when already known). */
async function saveSecret(client: Client, name: string, value: string, exists?: boolean) {
  if (exists)
    return {
      action: "rotated" as const,
      saved: await client.secrets.update.mutate(secretFields(name, value)),
    };
  try {
    return {
      action: "created" as const,
      saved: await client.secrets.create.mutate(secretFields(name, value)),
    };
  } catch (error) {
    if (!(error instanceof WorkflowSecretsError && error.code === "CONFLICT")) throw error;
    return {
      action: "rotated" as const,
      saved: await client.secrets.update.mutate(secretFields(name, value)),
    };
  }
}

const setCommand = defineCommand({
  meta: {
    name: "set",
    description:
      "Save a secret: the value comes from a hidden prompt, or from stdin (never from an argument)",
  },
  args: {
    name: { type: "positional", required: true, description: "secret name, e.g. stripe_secret" },
    ...secretShapeArgs,
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const value = await readSecretValue(`Value of ${args.name} (hidden)`);
    const { action, saved } = await saveSecret(client, args.name, value);
    if (args.json) return printJson({ action, ...saved });
    print(
      `${action === "created" ? "Saved" : "Rotated"} ${paint("bold", saved.name)} ${saved.preview} (version ${saved.version})`,
    );
    for (const warning of saved.warnings)
      note(paint("yellow", `warning: ${warning.message}`, process.stderr));
  },
});

const importCommand = defineCommand({
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

const listCommand = defineCommand({
  meta: {
    name: "ls",
    description: "List secrets: names, masked previews, versions, the workflows that use them",
  },
  args: { ...urlArg, ...jsonArg },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const secrets = await client.secrets.list.query();
    if (args.json) return printJson(secrets);
    if (secrets.length === 0) return print("No secrets yet: `wfs secrets set NAME` saves one");
    printTable(
      ["NAME", "PREVIEW", "VERSION", "UPDATED", "LAST USED", "USED BY"],
      secrets.map((s) => [
        paint("bold", s.name),
        s.preview,
        String(s.version),
        shortTime(s.updatedAt),
        shortTime(s.lastUsedAt),
        s.usedBy.map((w) => w.workflowName).join(", ") || paint("dim", "-"),
      ]),
    );
  },
});

const removeCommand = defineCommand({
  meta: { name: "rm", description: "Delete a secret; refused while workflows use it unless --force" },
  args: {
    name: { type: "positional", required: true, description: "secret name" },
    force: { type: "boolean", description: "delete even though workflows use it (they will then fail)" },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    try {
      const deleted = await client.secrets.delete.mutate({ name: args.name, force: args.force === true });
      if (args.json) return printJson(deleted);
      print(`Deleted ${paint("bold", deleted.name)}`);
      if (deleted.usedBy.length > 0) {
        note(
          paint(
            "yellow",
            `these workflows now fail until you save it again: ${deleted.usedBy.map((w) => w.workflowName).join(", ")}`,
            process.stderr,
          ),
        );
      }
    } catch (error) {
      if (error instanceof WorkflowSecretsError && error.code === "PRECONDITION_FAILED") {
        const users = error.usedBy.map((w) => `  ${w.workflowName} (${w.workflowId})`).join("\n");
        throw new CliError(
          `${args.name} is used by ${error.usedBy.length} workflow(s):\n${users}`,
          ExitCode.CONFLICT,
          "remove the references, or run again with --force (those workflows will then fail)",
        );
      }
      throw error;
    }
  },
});

export const secretsCommand = defineCommand({
  meta: { name: "secrets", description: "Save, import, list and delete secrets" },
  subCommands: { set: setCommand, import: importCommand, ls: listCommand, rm: removeCommand },
});
