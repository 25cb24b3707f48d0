import type { WorkflowDefinition } from "@workflow-secrets/templating";
import type { DefinitionWarning } from "./credential-detector";
import { findHardCodedCredentials } from "./credential-detector";

export interface WorkflowRow {
  id: string;
  name: string;
  definition: unknown;
  triggerType: "manual" | "schedule" | "webhook";
  cron: string | null;
  timezone: string | null;
  nextRunAt: string | null;
  enabled: boolean;
  webhookId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What every workflow procedure returns. */
export interface WorkflowView {
  id: string;
  name: string;
  enabled: boolean;
  trigger: WorkflowDefinition["trigger"];
  steps: WorkflowDefinition["steps"];
  triggerType: WorkflowRow["triggerType"];
  cron: string | null;
  timezone: string | null;
  nextRunAt: string | null;
  webhookId: string | null;
  /** Path to POST to on the API's origin, for webhook workflows. */
  webhookPath: string | null;
  secretNames: string[];
  /** Referenced secrets the user has not saved: runs will fail at the step that needs them. */
  missingSecrets: string[];
  warnings: DefinitionWarning[];
  createdAt: string;
  updatedAt: string;
}

export function toWorkflowView(
  row: WorkflowRow,
  secretNames: string[],
  existingSecrets: ReadonlySet<string>,
): WorkflowView {
  const definition = row.definition as WorkflowDefinition;
  const sorted = [...secretNames].sort();
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: definition.trigger,
    steps: definition.steps,
    triggerType: row.triggerType,
    cron: row.cron,
    timezone: row.timezone,
    nextRunAt: row.nextRunAt,
    webhookId: row.webhookId,
    webhookPath: row.webhookId ? `/hooks/${row.webhookId}` : null,
    secretNames: sorted,
    missingSecrets: sorted.filter((name) => !existingSecrets.has(name)),
    warnings: findHardCodedCredentials(definition.steps),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
