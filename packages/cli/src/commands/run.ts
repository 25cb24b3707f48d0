import { spinner } from "@clack/prompts";
import type { Client } from "@workflow-secrets/client";
import { defineCommand } from "citty";
import { CliError } from "../cli-error";
import { signedInClient } from "../context";
import { ExitCode } from "../exit-codes";
import { parseInputPairs } from "../input/input-pairs";
import { FINISHED_RUN, printRunSummary, printStep, type RunDetail, stepFinished } from "../output/run-view";
import { note, paint, print, printJson } from "../output/terminal";
import { findWorkflow } from "../workflows/find-workflow";
import { jsonArg, urlArg } from "./shared-args";

const POLL_MS = 500;

export const runCommand = defineCommand({
  meta: {
    name: "run",
    description: "Start a workflow; with --follow, stream its steps and exit non-zero if it fails",
  },
  args: {
    name: { type: "positional", required: true, description: "workflow name (or id)" },
    input: {
      type: "string",
      alias: "i",
      description: "key=value for {{trigger.key}} (repeatable; a.b=c nests)",
    },
    follow: { type: "boolean", alias: "f", description: "wait for the run, print each step as it finishes" },
    full: { type: "boolean", description: "print whole responses, not the first 400 characters" },
    timeout: {
      type: "string",
      description: "with --follow: give up waiting after this many seconds (default 900)",
    },
    ...urlArg,
    ...jsonArg,
  },
  async run({ args, rawArgs }) {
    const input = parseInputPairs(rawArgs);
    const { client } = signedInClient(args.url);
    const workflow = await findWorkflow(client, args.name);
    const { runId } = await client.workflows.run.mutate({ id: workflow.id, ...(input ? { input } : {}) });
    if (!args.follow) {
      if (args.json) return printJson({ runId, workflowId: workflow.id, status: "queued" });
      print(`Started run ${paint("bold", runId)} of ${workflow.name}`);
      note(paint("dim", `follow it: wfs runs get ${runId}`, process.stderr));
      return;
    }
    if (!args.json) note(paint("dim", `run ${runId} of ${workflow.name} queued`, process.stderr));
    const timeoutSeconds = args.timeout ? Number(args.timeout) : 900;
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new CliError(`--timeout ${args.timeout}: expected a number of seconds`, ExitCode.USAGE);
    }
    const run = await followRun(client, runId, {
      print: !args.json,
      full: args.full === true,
      timeoutSeconds,
    });
    if (args.json) printJson(run);
    else printRunSummary(run);
    if (run.status !== "succeeded") {
      throw new CliError(`the run ${run.status}`, ExitCode.RUN_FAILED, `details: wfs runs get ${run.id}`);
    }
  },
});

/** Polls the run until it ends, printing each step once it has finished. */
async function followRun(
  client: Client,
  runId: string,
  options: { print: boolean; full: boolean; timeoutSeconds: number },
): Promise<RunDetail> {
  const printed = new Set<string>();
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const spin = options.print && process.stderr.isTTY ? spinner({ output: process.stderr }) : undefined;
  spin?.start("waiting for the runner");
  try {
    for (;;) {
      const run = await client.runs.get.query({ id: runId });
      for (const step of run.steps) {
        if (printed.has(step.stepId) || !stepFinished(step)) continue;
        printed.add(step.stepId);
        if (options.print) {
          spin?.clear();
          printStep(step, { full: options.full });
          spin?.start(`run ${run.status}`);
        }
      }
      if (FINISHED_RUN.has(run.status)) return run;
      if (Date.now() > deadline) {
        // The run goes on without us: say where to look, and fail so CI does not pass unfinished.
        throw new CliError(
          `run ${runId} is still ${run.status} after ${options.timeoutSeconds} s`,
          ExitCode.GENERAL,
          `it may still finish: wfs runs get ${runId}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    spin?.clear();
  }
}
