import { firstRunAt, MAX_RUN_STORED_CHARS, runStoredBound, ScheduleError } from "@workflow-secrets/db";
import {
  checkDefinition,
  MAX_DEFINITION_BYTES,
  type Reference,
  type WorkflowDefinition,
} from "@workflow-secrets/templating";
import { apiError } from "../errors";
import { utf8ByteLength } from "../secrets/value-checks";
import { type DefinitionWarning, findHardCodedCredentials } from "./credential-detector";

export interface ScheduleColumns {
  triggerType: WorkflowDefinition["trigger"]["type"];
  cron: string | null;
  timezone: string | null;
  nextRunAt: string | null;
}

export interface DefinitionAnalysis extends ScheduleColumns {
  /** Sorted unique secret names the steps reference. */
  secretNames: string[];
  references: Reference[];
  warnings: DefinitionWarning[];
}

/**
 * Everything checked when a workflow is saved, beyond the zod shape: size, what its runs could store,
 * template syntax (with the field path of each error), the cron expression and timezone. Throws BAD_REQUEST naming the path.
 */
export function analyzeDefinition(
  definition: WorkflowDefinition,
  enabled: boolean,
  now = new Date(),
): DefinitionAnalysis {
  const bytes = utf8ByteLength(JSON.stringify(definition));
  if (bytes > MAX_DEFINITION_BYTES) {
    throw apiError(
      "BAD_REQUEST",
      `the definition is ${bytes} bytes, over the ${MAX_DEFINITION_BYTES}-byte (256 KiB) limit`,
    );
  }
  const stored = runStoredBound(definition.steps);
  if (!stored.fits) {
    const mib = (chars: number) => (chars / 1024 / 1024).toFixed(1);
    throw apiError(
      "BAD_REQUEST",
      `a run of this workflow could store up to ${mib(stored.chars)} MiB of step results (${definition.steps.length} steps at their size limits), more than the ${mib(MAX_RUN_STORED_CHARS)} MiB one run may keep; split it into smaller workflows`,
    );
  }
  const checked = checkDefinition(definition);
  if (checked.errors.length > 0) {
    // Each message already names the step, the field and the template; `issues` adds the JSON path.
    throw apiError("BAD_REQUEST", checked.errors.map((e) => e.message).join("; "), {
      issues: checked.errors.map((e) => ({ path: e.path, message: e.message })),
    });
  }
  return {
    ...scheduleColumns(definition.trigger, enabled, now),
    secretNames: withSigningSecret(checked.secretNames, definition),
    references: checked.references,
    warnings: findHardCodedCredentials(definition.steps),
  };
}

/** The webhook's signing secret counts as used (usedBy, missingSecrets, delete warnings). */
function withSigningSecret(names: string[], definition: WorkflowDefinition): string[] {
  const signing = definition.trigger.type === "webhook" ? definition.trigger.verify?.secret : undefined;
  return signing && !names.includes(signing) ? [...names, signing].sort() : names;
}

/**
 * The trigger as stored in its own columns, with next_run_at computed when the schedule is live.
 * A schedule with no next occurrence is refused even when disabled: enabling it later could not run it.
 */
export function scheduleColumns(
  trigger: WorkflowDefinition["trigger"],
  enabled: boolean,
  now = new Date(),
): ScheduleColumns {
  if (trigger.type !== "schedule")
    return { triggerType: trigger.type, cron: null, timezone: null, nextRunAt: null };
  try {
    const next = firstRunAt(trigger.cron, trigger.timezone, now);
    return {
      triggerType: "schedule",
      cron: trigger.cron.trim(),
      timezone: trigger.timezone ?? null,
      nextRunAt: enabled ? next : null,
    };
  } catch (error) {
    if (error instanceof ScheduleError) {
      throw apiError("BAD_REQUEST", `${error.path}: ${error.message}`, {
        issues: [{ path: error.path, message: error.message }],
      });
    }
    throw error;
  }
}
