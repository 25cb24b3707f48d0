import { defineCommand } from "citty";
import { signedInClient } from "../context";
import { printRunSummary, printStep } from "../output/run-view";
import { paint, print, printJson, printTable, shortTime, statusText } from "../output/terminal";
import { findWorkflow } from "../workflows/find-workflow";
import { jsonArg, urlArg } from "./shared-args";

const listCommand = defineCommand({
  meta: { name: "ls", description: "Recent runs, newest first" },
  args: {
    workflow: { type: "string", alias: "w", description: "only this workflow's runs (name or id)" },
    limit: { type: "string", description: "how many (default 20, at most 100)" },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const workflowId = args.workflow ? (await findWorkflow(client, args.workflow)).id : undefined;
    const limit = args.limit ? Number(args.limit) : 20;
    const page = await client.runs.list.query({ limit, ...(workflowId ? { workflowId } : {}) });
    if (args.json) return printJson(page);
    if (page.items.length === 0) return print("No runs yet: `wfs run NAME` starts one");
    printTable(
      ["ID", "WORKFLOW", "STATUS", "TRIGGER", "STARTED", "ERROR"],
      page.items.map((run) => [
        run.id,
        run.workflowName + (run.workflowDeletedAt ? paint("dim", " (deleted)") : ""),
        statusText(run.status),
        run.triggerType,
        shortTime(run.startedAt ?? run.createdAt),
        run.error ? run.error.slice(0, 60) : "",
      ]),
    );
  },
});

const getCommand = defineCommand({
  meta: { name: "get", description: "One run and its steps (responses are masked by the runner)" },
  args: {
    id: { type: "positional", required: true, description: "run id" },
    full: { type: "boolean", description: "print whole responses" },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args }) {
    const { client } = signedInClient(args.url);
    const run = await client.runs.get.query({ id: args.id });
    if (args.json) return printJson(run);
    printRunSummary(run);
    for (const step of run.steps) printStep(step, { full: args.full === true });
  },
});

export const runsCommand = defineCommand({
  meta: { name: "runs", description: "List runs and show one" },
  subCommands: { ls: listCommand, get: getCommand },
});
