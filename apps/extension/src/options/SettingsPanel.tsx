import { useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { AccountSettings } from "../lib/api-types";
import type { PanelProps } from "./panel-props";

/**
 * How long the server keeps history: finished runs (with their steps) and audit events. The runner's
 * retention job deletes what is older. Only a signed-in session may change these (this page is one).
 */
export function SettingsPanel({ api, describeError }: PanelProps) {
  const [saved, setSaved] = useState<AccountSettings>();
  const [runDays, setRunDays] = useState("");
  const [auditDays, setAuditDays] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  const show = (settings: AccountSettings) => {
    setSaved(settings);
    setRunDays(String(settings.runRetentionDays));
    setAuditDays(String(settings.auditRetentionDays));
  };
  useEffect(() => {
    api.settings.get.query().then(show, (e: unknown) => setError(describeError(e)));
  }, [api, describeError]);

  async function save() {
    setError("");
    setStatus("");
    try {
      show(
        await api.settings.update.mutate({
          runRetentionDays: Number(runDays),
          auditRetentionDays: Number(auditDays),
        }),
      );
      setStatus("Saved.");
    } catch (e) {
      setError(describeError(e));
    }
  }

  return (
    <section aria-label="Settings">
      <form
        class="card"
        aria-label="History retention"
        aria-busy={saved ? undefined : "true"}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p class="muted small">
          Older history is deleted by the server, a batch every minute. Runs still waiting or running are
          kept.
        </p>
        <label for="run-retention">Keep finished runs for (days, 1-365)</label>
        <input
          id="run-retention"
          type="number"
          min={1}
          max={365}
          required
          value={runDays}
          onInput={(e) => setRunDays(e.currentTarget.value)}
        />
        <label for="audit-retention">Keep audit events for (days, 30-3650)</label>
        <input
          id="audit-retention"
          type="number"
          min={30}
          max={3650}
          required
          value={auditDays}
          onInput={(e) => setAuditDays(e.currentTarget.value)}
        />
        <button type="submit" disabled={!saved}>
          Save retention
        </button>
        <p role="status" class="small">
          {status}
        </p>
      </form>
      <ErrorAlert message={error} />
    </section>
  );
}
