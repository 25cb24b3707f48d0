import type { Client, RouterOutputs } from "@workflow-secrets/client";
import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";

export type WorkflowView = RouterOutputs["workflows"]["list"][number];

/** The workflow with this name (or id). Names are how files and people refer to workflows. */
export async function findWorkflow(client: Client, nameOrId: string): Promise<WorkflowView> {
  const all = await client.workflows.list.query();
  const byName = all.filter((w) => w.name === nameOrId);
  if (byName.length > 1) {
    throw new CliError(
      `${byName.length} workflows are named "${nameOrId}"`,
      ExitCode.CONFLICT,
      `use one of their ids instead: ${byName.map((w) => w.id).join(", ")}`,
    );
  }
  const found = byName[0] ?? all.find((w) => w.id === nameOrId);
  if (!found) {
    throw new CliError(`no workflow "${nameOrId}"`, ExitCode.NOT_FOUND, "`wfs workflows ls` lists yours");
  }
  return found;
}

/** What a definition file holds, taken from a stored workflow: templates only, never a value. */
export function definitionOf(workflow: WorkflowView): {
  name: string;
  trigger: unknown;
  steps: unknown;
  enabled?: false;
} {
  return {
    name: workflow.name,
    trigger: workflow.trigger,
    steps: workflow.steps,
    ...(workflow.enabled ? {} : { enabled: false as const }),
  };
}
