import { WorkflowSecretsError } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { CliError } from "../cli-error";
import { signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { readSecretValue } from "../input/read-value";
import { note, paint, print, printJson, printTable, shortTime } from "../output/terminal";
import { saveSecret, secretShapeArgs } from "../secrets/save-secret";
import { importCommand } from "./secrets-import";
import { jsonArg, urlArg } from "./shared-args";

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
    const { action, saved } = await saveSecret(client, args.name, value, undefined, {
      ...(args.type === undefined ? {} : { type: args.type }),
      ...(args.destinations === undefined ? {} : { destinations: args.destinations }),
      ...(args.scripts === undefined ? {} : { scripts: args.scripts }),
    });
    if (args.json) return printJson({ action, ...saved });
    print(
      `${action === "created" ? "Saved" : "Rotated"} ${paint("bold", saved.name)} ${saved.preview} (version ${saved.version}, ${saved.type}, ${whereTo(saved)})`,
    );
    if (saved.suggestedDestinations) {
      note(
        paint(
          "yellow",
          `it may be sent anywhere: bind it with --destinations ${saved.suggestedDestinations.join(",")}`,
          process.stderr,
        ),
      );
    }
    for (const warning of saved.warnings)
      note(paint("yellow", `warning: ${warning.message}`, process.stderr));
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
      ["NAME", "TYPE", "PREVIEW", "VERSION", "DESTINATIONS", "UPDATED", "LAST USED", "USED BY"],
      secrets.map((s) => [
        paint("bold", s.name),
        s.type,
        s.preview,
        String(s.version),
        s.unrestricted ? paint("yellow", "unrestricted") : whereTo(s),
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

/** Where a secret may go, in a few words: "unrestricted", "nowhere", or its destinations. */
function whereTo(secret: { unrestricted: boolean; destinations: string[] }): string {
  if (secret.unrestricted) return "unrestricted";
  return secret.destinations.length === 0 ? "sent nowhere" : secret.destinations.join(", ");
}
