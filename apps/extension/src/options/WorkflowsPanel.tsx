import type { SecretPolicy } from "@workflow-secrets/secret-rules";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { WorkflowView } from "../lib/api-types";
import { EXAMPLE_DEFINITION } from "../lib/definition-check";
import type { PanelProps } from "./panel-props";
import { definitionText, WorkflowEditor } from "./WorkflowEditor";

type Editing = { workflow?: WorkflowView; text: string };

export function WorkflowsPanel(props: PanelProps) {
  const { api, describeError } = props;
  const [workflows, setWorkflows] = useState<WorkflowView[]>();
  /** Name → policy of every secret: the editor flags destinations a policy refuses. */
  const [secretNames, setSecretNames] = useState<ReadonlyMap<string, SecretPolicy>>(new Map());
  const [editing, setEditing] = useState<Editing>();
  const [error, setError] = useState("");
  const [notice, setNotice] = useState<{ text: string; runId?: string }>();
  const [deleting, setDeleting] = useState<string>();

  const reload = useCallback(async () => {
    try {
      const [list, secrets] = await Promise.all([api.workflows.list.query(), api.secrets.list.query()]);
      setWorkflows(list);
      setSecretNames(
        new Map(secrets.map((s) => [s.name, { destinations: s.destinations, scripts: s.scripts }])),
      );
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, describeError]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function act(action: () => Promise<unknown>) {
    setError("");
    try {
      await action();
      await reload();
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-label="Workflows">
      <ErrorAlert message={error} />
      {notice && (
        <p class="card" role="status">
          {notice.text} {notice.runId && <a href={`#runs/${notice.runId}`}>View the run</a>}
        </p>
      )}
      {editing ? (
        <WorkflowEditor
          {...props}
          workflow={editing.workflow}
          initialText={editing.text}
          secretNames={secretNames}
          onCancel={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            const missing = saved.missingSecrets.length
              ? ` It needs secrets you have not saved yet: ${saved.missingSecrets.join(", ")}.`
              : "";
            setNotice({ text: `Saved ${saved.name}.${missing}` });
            void reload();
          }}
        />
      ) : (
        <div class="row">
          <button type="button" class="primary" onClick={() => setEditing({ text: EXAMPLE_DEFINITION })}>
            New workflow
          </button>
        </div>
      )}
      {workflows === undefined ? (
        <p class="muted">Loading…</p>
      ) : workflows.length === 0 ? (
        <p class="muted">No workflows yet. Create one; reference secrets as {"{{secrets.name}}"}.</p>
      ) : (
        <ul class="list">
          {workflows.map((wf) => (
            <li key={wf.id} aria-label={wf.name}>
              <div class="spread">
                <strong>{wf.name}</strong>
                <label class="row small" style={{ fontWeight: "normal", margin: 0 }}>
                  <input
                    type="checkbox"
                    style={{ width: "auto" }}
                    checked={wf.enabled}
                    aria-label={`Enabled ${wf.name}`}
                    onChange={(e) =>
                      void act(() =>
                        api.workflows.setEnabled.mutate({ id: wf.id, enabled: e.currentTarget.checked }),
                      )
                    }
                  />
                  Enabled
                </label>
              </div>
              <p class="small muted">
                {triggerText(wf)} · {wf.steps.length} step{wf.steps.length === 1 ? "" : "s"}
                {wf.secretNames.length > 0 && ` · uses ${wf.secretNames.join(", ")}`}
              </p>
              {wf.missingSecrets.map((name) => (
                <p class="warning small" key={name}>
                  Needs a secret named {name}: save it under Secrets, or runs will fail at that step.
                </p>
              ))}
              {wf.warnings.map((w) => (
                <p class="warning small" key={w.path}>
                  {w.path}: {w.message}
                </p>
              ))}
              <div class="row">
                <button
                  type="button"
                  aria-label={`Run ${wf.name} now`}
                  onClick={() =>
                    void act(async () => {
                      const { runId } = await api.workflows.run.mutate({ id: wf.id });
                      setNotice({ text: `Started ${wf.name}.`, runId });
                    })
                  }
                >
                  Run now
                </button>
                <button
                  type="button"
                  aria-label={`Edit ${wf.name}`}
                  onClick={() => setEditing({ workflow: wf, text: definitionText(wf) })}
                >
                  Edit
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete ${wf.name}`}
                  onClick={() => setDeleting(wf.id)}
                >
                  Delete
                </button>
              </div>
              {deleting === wf.id && (
                <div class="card row" role="alert">
                  <span>Delete {wf.name} and its run history? This cannot be undone.</span>
                  <button type="button" onClick={() => setDeleting(undefined)}>
                    Cancel
                  </button>
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      void act(async () => {
                        await api.workflows.delete.mutate({ id: wf.id });
                        setDeleting(undefined);
                        setNotice({ text: `Deleted ${wf.name}.` });
                      })
                    }
                  >
                    Delete workflow
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function triggerText(wf: WorkflowView): string {
  if (wf.trigger.type === "schedule")
    return `Every ${wf.trigger.cron}${wf.trigger.timezone ? ` (${wf.trigger.timezone})` : ""}`;
  if (wf.trigger.type === "webhook") return `Webhook ${wf.webhookPath ?? ""}`;
  return "Manual";
}
