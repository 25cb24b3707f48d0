import type { RouterOutputs } from "@workflow-secrets/client";
import { paint, print, statusText } from "./terminal";

export type RunDetail = RouterOutputs["runs"]["get"];
export type RunStep = RunDetail["steps"][number];

export const FINISHED_RUN = new Set(["succeeded", "failed", "cancelled", "rejected"]);
const FINISHED_STEP = new Set(["succeeded", "failed", "skipped"]);

export function stepFinished(step: RunStep): boolean {
  return FINISHED_STEP.has(step.status);
}

const RESPONSE_PREVIEW_CHARS = 400;

/** One finished step: status, timing and what came back (already masked by the runner). */
export function printStep(step: RunStep, options: { full?: boolean } = {}): void {
  const mark =
    step.status === "succeeded"
      ? paint("green", "✓")
      : step.status === "skipped"
        ? paint("dim", "-")
        : paint("red", "✗");
  const timing = step.durationMs == null ? "" : paint("dim", ` ${step.durationMs} ms`);
  const attempts = step.attempts > 1 ? paint("dim", ` (${step.attempts} attempts)`) : "";
  print(
    `${mark} ${paint("bold", step.stepId)} ${paint("dim", step.type)} ${statusText(step.status)}${timing}${attempts}`,
  );
  const response = step.response as { status?: number; body?: unknown } | null;
  if (response && typeof response === "object") {
    const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? "");
    const shown =
      options.full || body.length <= RESPONSE_PREVIEW_CHARS
        ? body
        : `${body.slice(0, RESPONSE_PREVIEW_CHARS)}… (${body.length} characters; --full shows all)`;
    print(`    ${paint("dim", `response ${response.status ?? ""}`)} ${shown}`);
  } else if (step.output != null) {
    const output = JSON.stringify(step.output);
    print(`    ${paint("dim", "output")} ${options.full ? output : output.slice(0, RESPONSE_PREVIEW_CHARS)}`);
  }
  if (step.error) print(`    ${paint("red", "error")} ${step.error}`);
}

export function printRunSummary(run: RunDetail): void {
  const took =
    run.startedAt && run.finishedAt ? ` in ${Date.parse(run.finishedAt) - Date.parse(run.startedAt)} ms` : "";
  print(
    `run ${paint("dim", run.id)} of ${paint("bold", run.workflowName)}: ${statusText(run.status)}${took}`,
  );
  if (run.error) print(`  ${paint("red", "error")} ${run.error}`);
}
