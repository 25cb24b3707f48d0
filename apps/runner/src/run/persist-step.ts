import { type Db, runSteps } from "@workflow-secrets/db";
import type { Masker, Step } from "@workflow-secrets/templating";
import { and, eq } from "drizzle-orm";
import type { StepOutcome } from "../steps/step-outcome";
import type { Write } from "./batch";
import { boundJson, boundText, STORED_FIELD_LIMITS as limits } from "./bound-stored";
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
  /** The request as stored (masked, bounded), computed once for the step's start and its result. */
  storedRequest?: unknown;
};

function storedRequest(row: StepRow, masker: Masker): unknown {
  row.storedRequest ??= boundJson(masker.maskJson(row.request), limits.request, "the request");
  return row.storedRequest;
}

/** Marks the step `running` before it fires, so a crash leaves a trace and redelivery re-runs it. */
export function stepStartedWrite(db: Db, row: StepRow, masker: Masker): Write {
  const values = {
    runId: row.runId,
    stepId: row.step.id,
    stepIndex: row.index,
    type: row.step.type,
    status: "running" as const,
    request: storedRequest(row, masker),
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
 * (which reads outputs back from D1) behaves exactly like an uninterrupted one. Every field is then
 * bounded (bound-stored.ts), saying where it was cut, so the row always fits in D1.
 */
export function stepFinishedWrite(
  db: Db,
  row: StepRow,
  outcome: StepOutcome,
  finishedAt: Date,
  masker: Masker,
): { write: Write; output: unknown; error: string | null; unregistered: UnregisteredFinding[] | null } {
  // After the masker, credential-shaped values nobody registered are masked too, and counted per step;
  // then each field is bounded (a cut after masking never exposes half a secret).
  const scan = createUnregisteredScan();
  const output =
    outcome.output === undefined
      ? null
      : boundJson(scan.json(masker.maskJson(outcome.output), "output"), limits.output, "the output");
  const error =
    outcome.error === undefined
      ? null
      : boundText(scan.text(masker.mask(outcome.error), "error"), limits.error);
  const values = {
    runId: row.runId,
    stepId: row.step.id,
    stepIndex: row.index,
    type: row.step.type,
    status: outcome.status,
    request: storedRequest(row, masker),
    response:
      outcome.response === undefined
        ? null
        : boundJson(
            truncateBody(scan.json(masker.maskJson(outcome.response), "response")),
            limits.response,
            "the response",
          ),
    output,
    console:
      outcome.console === undefined
        ? null
        : boundText(scan.text(masker.mask(outcome.console), "console"), limits.console),
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

/**
 * Fails a step already stored (`running`) with a short, fixed-size error: the form used when the
 * step's own result could not be stored or the step may not be repeated. `error` must be masked.
 */
export function stepFailedWrite(db: Db, runId: string, stepId: string, error: string, now: string): Write {
  return db
    .update(runSteps)
    .set({ status: "failed", error, finishedAt: now })
    .where(and(eq(runSteps.runId, runId), eq(runSteps.stepId, stepId)));
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
