import { useCallback, useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { AuditEvent } from "../lib/api-types";
import type { PanelProps } from "./panel-props";

/** Who did what to which secret. Events name secrets and runs; they never hold values. */
export function AuditPanel({ api, describeError }: PanelProps) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState("");

  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await api.audit.list.query({ limit: 50, cursor: after });
        setEvents((prev) => (after ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(describeError(e));
      }
    },
    [api, describeError],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-label="Audit log">
      <ErrorAlert message={error} />
      {events?.length === 0 && (
        <p class="muted">Nothing yet: saving, rotating, deleting and using secrets shows up here.</p>
      )}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Secret</th>
            <th>By</th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody>
          {(events ?? []).map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.createdAt).toLocaleString()}</td>
              <td>{e.action}</td>
              <td>{e.secretName}</td>
              <td>{e.actor}</td>
              <td>{e.runId ? <a href={`#runs/${e.runId}`}>view</a> : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
