import { WorkflowSecretsError } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { stringify as toYaml } from "yaml";
import { CliError } from "../cli-error";
import { signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { note, paint, print, printJson, printTable, shortTime } from "../output/terminal";
import { type PlannedChange, planApply } from "../workflows/apply-plan";
import { loadDefinitionFiles } from "../workflows/definition-files";
import { definitionOf, findWorkflow } from "../workflows/find-workflow";
import { jsonArg, urlArg } from "./shared-args";

const applyCommand = defineCommand({
  meta: {
    name: "apply",
    description:
      "Create or update workflows from JSON/YAML files, matched by name (a second apply changes nothing)",
  },
  args: {
    path: {
      type: "positional",
      required: true,
      description: "a definition file, or a folder of .json/.yaml/.yml files",
    },
    "dry-run": { type: "boolean", description: "show what would change, change nothing" },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    const files = loadDefinitionFiles(args.path);
    const { client } = signedInClient(args.url);
    const plan = planApply(files, await client.workflows.list.query());
    const results: ApplyResult[] = [];
    for (const change of plan) {
      const applied = args["dry-run"] ? undefined : await applyChange(client, change);
      results.push({
        name: change.name,
        file: change.file,
        action: change.action,
        id: applied?.id ?? ("id" in change ? change.id : undefined),
        diff: change.action === "update" ? change.diff : undefined,
        missingSecrets: applied?.missingSecrets ?? [],
        warnings: applied?.warnings.map((w) => w.message) ?? [],
      });
    }
    if (args.json) return printJson({ dryRun: Boolean(args["dry-run"]), results });
    const verb = { create: "created", update: "updated", unchanged: "unchanged" } as const;
    const dryVerb = { create: "would create", update: "would update", unchanged: "unchanged" } as const;
    for (const result of results) {
      const label = (args["dry-run"] ? dryVerb : verb)[result.action];
      const colour = result.action === "create" ? "green" : result.action === "update" ? "yellow" : "dim";
      print(`${paint(colour, label.padEnd(12))} ${paint("bold", result.name)}  ${paint("dim", result.file)}`);
      for (const line of result.diff ?? []) {
        print(
          `    ${line.startsWith("+") ? paint("green", line) : line.startsWith("-") ? paint("red", line) : paint("dim", line)}`,
        );
      }
      if (result.missingSecrets.length > 0) {
        note(
          paint(
            "yellow",
            `    missing secrets (runs will fail until saved): ${result.missingSecrets.join(", ")}`,
            process.stderr,
          ),
        );
      }
      for (const warning of result.warnings) note(paint("yellow", `    warning: ${warning}`, process.stderr));
    }
    const count = (action: string) => results.filter((r) => r.action === action).length;
    const summary = `${count("create")} created, ${count("update")} updated, ${count("unchanged")} unchanged`;
    print(
      args["dry-run"]
        ? `dry run, nothing changed: ${summary.replace("created", "to create").replace("updated", "to update")}`
        : summary,
    );
  },
});

interface ApplyResult {
  name: string;
  file: string;
  action: PlannedChange["action"];
  id: string | undefined;
  diff: string[] | undefined;
  missingSecrets: string[];
  warnings: string[];
}

async function applyChange(client: ReturnType<typeof signedInClient>["client"], change: PlannedChange) {
  // The definition was validated with the API's schema; the API validates it again.
  type Definition = Parameters<typeof client.workflows.create.mutate>[0];
  try {
    if (change.action === "create") return await client.workflows.create.mutate(change.desired as Definition);
    if (change.action === "update") {
      return await client.workflows.update.mutate({ ...(change.desired as Definition), id: change.id });
    }
    return undefined;
  } catch (error) {
    // Name the file: the API's message names the step and field, not where they were written.
    if (error instanceof WorkflowSecretsError && error.code !== "NETWORK_ERROR") {
      const exit = error.code === "BAD_REQUEST" ? ExitCode.INVALID : ExitCode.GENERAL;
      throw new CliError(
        `${change.file}: ${error.message}`,
        exit,
        "the files listed before it were applied: fix this one and apply again",
      );
    }
    throw error;
  }
}

const listCommand = defineCommand({
  meta: { name: "ls", description: "List workflows" },
  args: { ...urlArg, ...jsonArg },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const workflows = await client.workflows.list.query();
    if (args.json) return printJson(workflows);
    if (workflows.length === 0) return print("No workflows yet: `wfs workflows apply FILE` creates them");
    printTable(
      ["NAME", "TRIGGER", "ENABLED", "SECRETS", "MISSING", "UPDATED", "ID"],
      workflows.map((w) => [
        paint("bold", w.name),
        w.triggerType === "schedule" ? `schedule ${w.cron}` : w.triggerType,
        w.enabled ? "yes" : paint("dim", "no"),
        w.secretNames.join(", ") || "-",
        w.missingSecrets.length > 0 ? paint("red", w.missingSecrets.join(", ")) : "-",
        shortTime(w.updatedAt),
        paint("dim", w.id),
      ]),
    );
  },
});

const exportCommand = defineCommand({
  meta: {
    name: "export",
    description: "Print a workflow's definition (templates only: it never holds a value)",
  },
  args: {
    name: { type: "positional", required: true, description: "workflow name (or id)" },
    yaml: { type: "boolean", description: "YAML instead of JSON" },
    ...urlArg,
  },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const definition = definitionOf(await findWorkflow(client, args.name));
    process.stdout.write(args.yaml ? toYaml(definition) : `${JSON.stringify(definition, null, 2)}\n`);
  },
});

export const workflowsCommand = defineCommand({
  meta: { name: "workflows", description: "Apply, list and export workflow definitions" },
  subCommands: { apply: applyCommand, ls: listCommand, export: exportCommand },
});
