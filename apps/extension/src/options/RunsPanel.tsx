import { useCallback, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { RunSummary } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";
import type { PanelProps } from "./panel-props";
import { RunDetailView } from "./RunDetailView";
import { LIVE_STATUSES, usePolling } from "./use-polling";

/** Newest runs first; the list refreshes itself while any run is still going. */
export function RunsPanel(props: PanelProps & { runId?: string }) {
  const { api, describeError } = props;
  const [runs, setRuns] = useState<RunSummary[]>();
  const [error, setError] = useState("");
  const load = useCallback(async () => {
    try {
      setRuns((await api.runs.list.query({ limit: 30 })).items);
      setError("");
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, describeError]);
  const live = (runs ?? []).some((r) => LIVE_STATUSES.has(r.status));
  usePolling(load, live, 2000);

  return (
    <div class="split">
      <section aria-label="Run history">
        <ErrorAlert message={error} />
        {runs === undefined ? (
          <p class="muted">Loading…</p>
        ) : runs.length === 0 ? (
          <p class="muted">No runs yet. Start one with "Run now" under Workflows.</p>
        ) : (
          <ul class="list">
            {runs.map((run) => (
              <li key={run.id}>
                <a href={`#runs/${run.id}`} aria-current={props.runId === run.id ? "true" : undefined}>
                  {run.workflowName}
                </a>{" "}
                {run.workflowDeletedAt && <span class="chip">workflow deleted</span>}{" "}
                <span class={`status status-${run.status}`}>{run.status}</span>
                <p class="small muted">
                  {run.triggerType} · {relativeTime(run.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Run details">
        {props.runId ? (
          <RunDetailView
            key={props.runId}
            api={api}
            describeError={describeError}
            runId={props.runId}
            onChange={() => void load()}
          />
        ) : (
          <p class="muted">Pick a run to see each step's request, response, console and error.</p>
        )}
      </section>
    </div>
  );
}
