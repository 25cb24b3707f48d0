import { type Db, runSteps } from "@workflow-secrets/db";
import type { Masker, Step } from "@workflow-secrets/templating";
import type { StepOutcome } from "../steps/step-outcome";
import type { Write } from "./batch";
import { createUnregisteredScan, type UnregisteredFinding } from "./unregistered-scan";

/** Stored response bodies are cut here, after masking (a cut before masking could expose half a secret). */
export const MAX_STORED_BODY_CHARS = 64 * 1024;

export type StepRow = {
  runId: string;
  step: Step;
  index: number;
  /** The TEMPLATE form of what is sent, as the user wrote it. */
  request: unknown;
  startedAt: string;
};

/** Marks the step `running` before it fires, so a crash leaves a trace and redelivery re-runs it. */
export function stepStartedWrite(db: Db, row: StepRow, masker: Masker): Write {
  const values = {
    runId: row.runId,
    stepId: row.step.id,
    stepIndex: row.index,
    type: row.step.type,
    status: "running" as const,
    request: masker.maskJson(row.request),
    response: null,
    output: null,
    console: null,
    error: null,
    attempts: 1,
    startedAt: row.startedAt,
    finishedAt: null,
    durationMs: null,
  };
  return db
    .insert(runSteps)
    .values(values)
    .onConflictDoUpdate({ target: [runSteps.runId, runSteps.stepId], set: values });
}

/**
 * The finished step's row. Every text goes through the run's masker here, the one place step
 * results are prepared for storage; the masked output is returned and is what later steps see, so a resumed run
 * (which reads outputs back from D1) behaves exactly like an uninterrupted one.
 */
export function stepFinishedWrite(
  db: Db,
  row: StepRow,
  outcome: StepOutcome,
  finishedAt: Date,
  masker: Masker,
): { write: Write; output: unknown; error: string | null; unregistered: UnregisteredFinding[] | null } {
  // After the masker, credential-shaped values nobody registered are masked too, and counted per step.
  const scan = createUnregisteredScan();
  const output = outcome.output === undefined ? null : scan.json(masker.maskJson(outcome.output), "output");
  const error = outcome.error === undefined ? null : scan.text(masker.mask(outcome.error), "error");
  const values = {
    runId: row.runId,
    stepId: row.step.id,
    stepIndex: row.index,
    type: row.step.type,
    status: outcome.status,
    request: masker.maskJson(row.request),
    response:
      outcome.response === undefined
        ? null
        : truncateBody(scan.json(masker.maskJson(outcome.response), "response")),
    output,
    console: outcome.console === undefined ? null : scan.text(masker.mask(outcome.console), "console"),
    error,
    unregistered: scan.findings(),
    attempts: outcome.attempts,
    startedAt: row.startedAt,
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.max(0, finishedAt.getTime() - Date.parse(row.startedAt)),
  };
  const write = db
    .insert(runSteps)
    .values(values)
    .onConflictDoUpdate({ target: [runSteps.runId, runSteps.stepId], set: values });
  return { write, output, error, unregistered: values.unregistered };
}

/** Steps after a failure are stored as `skipped`, so the run view shows what never ran. */
export function stepsSkippedWrites(
  db: Db,
  runId: string,
  steps: readonly Step[],
  firstIndex: number,
  now: string,
): Write[] {
  const rows = steps.slice(firstIndex).map((step, i) => ({
    runId,
    stepId: step.id,
    stepIndex: firstIndex + i,
    type: step.type,
    status: "skipped" as const,
    attempts: 0,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
  }));
  const writes: Write[] = [];
  // 9 columns per row: 10 rows stay under D1's 100 bound parameters.
  for (let i = 0; i < rows.length; i += 10) {
    writes.push(
      db
        .insert(runSteps)
        .values(rows.slice(i, i + 10))
        .onConflictDoNothing(),
    );
  }
  return writes;
}

function truncateBody(response: unknown): unknown {
  if (typeof response !== "object" || response === null) return response;
  const record = response as Record<string, unknown>;
  if (record.body === undefined) return response;
  // Serialised only after masking; a JSON body that fits stays structured.
  const text = typeof record.body === "string" ? record.body : JSON.stringify(record.body);
  if (text.length <= MAX_STORED_BODY_CHARS) return response;
  return { ...record, body: text.slice(0, MAX_STORED_BODY_CHARS), truncated: true };
}
