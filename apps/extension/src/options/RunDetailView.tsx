import { useCallback, useRef, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { RunDetail, RunStep } from "../lib/api-types";
import type { PanelProps } from "./panel-props";
import { SaveFinding } from "./SaveFinding";
import { LIVE_STATUSES, usePolling } from "./use-polling";

/** One run, step by step. Everything shown was masked by the runner before it was stored. */
export function RunDetailView(props: PanelProps & { runId: string; onChange(): void }) {
  const { api, describeError, runId, onChange } = props;
  const [run, setRun] = useState<RunDetail>();
  const [error, setError] = useState("");
  const lastStatus = useRef<string>();
  const load = useCallback(async () => {
    try {
      const next = await api.runs.get.query({ id: runId });
      setRun(next);
      setError("");
      if (lastStatus.current && lastStatus.current !== next.status) onChange();
      lastStatus.current = next.status;
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, describeError, runId, onChange]);
  usePolling(load, run === undefined || LIVE_STATUSES.has(run.status), 1000);

  if (error) return <ErrorAlert message={error} />;
  if (!run) return <p class="muted">Loading…</p>;
  return (
    <article aria-label={`Run of ${run.workflowName}`}>
      <h3>
        {run.workflowName} <span class={`status status-${run.status}`}>{run.status}</span>
      </h3>
      <p class="small muted">
        {run.triggerType} · queued {formatTime(run.createdAt)}
        {run.finishedAt && ` · finished ${formatTime(run.finishedAt)}`}
        {LIVE_STATUSES.has(run.status) && " · refreshing…"}
      </p>
      {run.error && <pre class="error">{run.error}</pre>}
      {run.secretVersions.length > 0 && (
        <p class="row small">
          Secrets used
          {run.secretVersions.map((v) => (
            <span class="chip" key={v.name}>
              {v.label}
            </span>
          ))}
        </p>
      )}
      {/* The caller's trigger, as the runner stored it: masked (null until the run has started). */}
      <Block title="Trigger (masked)" value={run.trigger} foldHeaders />
      {run.steps.map((step) => (
        <StepView key={step.stepId} step={step} api={api} describeError={describeError} />
      ))}
      {run.steps.length === 0 && <p class="muted">No step has started yet.</p>}
    </article>
  );
}

function StepView({ step, api, describeError }: PanelProps & { step: RunStep }) {
  return (
    <section class="card" aria-label={`Step ${step.stepId}`}>
      <div class="spread">
        <strong>
          {step.stepIndex + 1}. {step.stepId} <span class="chip">{step.type}</span>
        </strong>
        <span class={`status status-${step.status}`}>{step.status}</span>
      </div>
      <p class="small muted">
        {step.durationMs !== null && `${step.durationMs} ms`}
        {step.attempts > 1 && ` · ${step.attempts} attempts`}
      </p>
      <Block title="Request (template)" value={step.request} />
      <Block title="Response" value={step.response} foldHeaders />
      <Block title="Output" value={step.output} foldHeaders />
      <Block title="Console" value={step.console} />
      {step.error && <Block title="Error" value={step.error} />}
      {step.unregistered.length > 0 && (
        <div>
          <h4 class="small" style={{ margin: "6px 0 0" }}>
            Credentials nobody registered (masked)
          </h4>
          <ul class="list" aria-label={`Unregistered credentials in step ${step.stepId}`}>
            {step.unregistered.map((finding) => (
              <SaveFinding
                key={`${finding.field}-${finding.kind}`}
                finding={finding}
                stepId={step.stepId}
                api={api}
                describeError={describeError}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * One stored (masked) value. For responses the body matters most, so headers fold away under a
 * disclosure and the body, parsed when it is JSON, comes first.
 */
function Block({ title, value, foldHeaders }: { title: string; value: unknown; foldHeaders?: boolean }) {
  if (value === null || value === undefined || value === "") return null;
  const readable = readableBodies(value);
  let headers: unknown;
  let shown = readable;
  if (foldHeaders && readable && typeof readable === "object" && "headers" in readable) {
    const { headers: folded, ...rest } = readable as Record<string, unknown>;
    headers = folded;
    shown = rest;
  }
  const text = typeof shown === "string" ? shown : JSON.stringify(shown, null, 2);
  return (
    <div>
      <h4 class="small" style={{ margin: "6px 0 0" }}>
        {title}
      </h4>
      <pre>{text}</pre>
      {headers !== undefined && (
        <details>
          <summary>{title} headers</summary>
          <pre>{JSON.stringify(headers, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

/** A JSON response body stored as a string reads better parsed; anything else is shown as stored. */
function readableBodies(value: unknown): unknown {
  if (!value || typeof value !== "object" || !("body" in value) || typeof value.body !== "string")
    return value;
  try {
    return { ...value, body: JSON.parse(value.body) };
  } catch {
    return value;
  }
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
