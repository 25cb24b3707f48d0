import { checkDefinition, formatIssuePath, workflowDefinitionSchema } from "@workflow-secrets/templating";
import { CliError } from "../cli-error";
import { ExitCode } from "../exit-codes";
import { canonicalJson, type DefinitionFile } from "./definition-files";
import { definitionOf, type WorkflowView } from "./find-workflow";
import { lineDiff } from "./line-diff";

export type Desired = {
  name: string;
  trigger: unknown;
  steps: unknown;
  enabled?: boolean;
};

export type PlannedChange =
  | { action: "create"; file: string; name: string; desired: Desired }
  | { action: "update"; file: string; name: string; id: string; desired: Desired; diff: string[] }
  | { action: "unchanged"; file: string; name: string; id: string };

/**
 * What `workflows apply` will do, decided before anything is sent: every file is validated with the
 * API's own schema and template checks first (so a bad file changes nothing), then matched by name. A file's definition is
 * compared in the form the API stores (defaults applied), so applying the same files twice changes nothing.
 */
export function planApply(files: DefinitionFile[], existing: WorkflowView[]): PlannedChange[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const desired = files.map(({ file, definition }) => {
    const { enabled, ...rest } = definition;
    const parsed = workflowDefinitionSchema.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = formatIssuePath(issue.path);
        problems.push(`${file}: ${path ? `${path}: ` : ""}${issue.message}`);
      }
      return undefined;
    }
    // Template syntax and what may fill each field, as the API checks it when saving.
    for (const problem of checkDefinition(parsed.data).errors) problems.push(`${file}: ${problem.message}`);
    if (enabled !== undefined && typeof enabled !== "boolean")
      problems.push(`${file}: enabled must be true or false`);
    const previous = seen.get(parsed.data.name);
    if (previous) problems.push(`${file}: "${parsed.data.name}" is also defined in ${previous}`);
    seen.set(parsed.data.name, file);
    return {
      file,
      desired: {
        name: parsed.data.name,
        trigger: parsed.data.trigger,
        steps: parsed.data.steps,
        ...(typeof enabled === "boolean" ? { enabled } : {}),
      },
    };
  });
  if (problems.length > 0) {
    throw new CliError(
      `nothing applied, these definitions are invalid:\n  ${problems.join("\n  ")}`,
      ExitCode.INVALID,
    );
  }
  return desired.map((entry) => {
    const { file, desired: want } = entry as { file: string; desired: Desired };
    const matches = existing.filter((w) => w.name === want.name);
    if (matches.length > 1) {
      throw new CliError(
        `${matches.length} workflows are named "${want.name}": rename or delete all but one`,
        ExitCode.CONFLICT,
      );
    }
    const current = matches[0];
    if (!current) return { action: "create", file, name: want.name, desired: want };
    const have = definitionOf(current);
    const compared = { ...want, enabled: want.enabled ?? current.enabled };
    const before = canonicalJson({ ...have, enabled: current.enabled });
    const after = canonicalJson(compared);
    if (before === after) return { action: "unchanged", file, name: want.name, id: current.id };
    return {
      action: "update",
      file,
      name: want.name,
      id: current.id,
      desired: want,
      diff: lineDiff(before, after),
    };
  });
}
