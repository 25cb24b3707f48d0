import { useCallback, useEffect, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { AuditEvent } from "../lib/api-types";
import { ACTION_TEXT, auditActor, auditDetail, auditSubject } from "../lib/audit-text";
import type { PanelProps } from "./panel-props";

/**
 * Who did what: secrets saved, rotated, deleted and used, sign-ins (failed ones too), tokens created and
 * revoked, workflow changes (with a hash of the definition). Events never hold values or definitions.
 */
export function AuditPanel({ api, describeError }: PanelProps) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [currentTokenId, setCurrentTokenId] = useState<string>();
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
    api.auth.me.query().then(
      (me) => setCurrentTokenId(me.token.id),
      () => undefined, // only words "this browser"; the list works without it
    );
  }, [load, api]);

  return (
    <section aria-label="Audit log">
      <ErrorAlert message={error} />
      {events?.length === 0 && (
        <p class="muted">
          Nothing yet: sign-ins, tokens, workflow changes and saving, rotating, deleting and using secrets
          show up here.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>About</th>
            <th>By</th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody>
          {(events ?? []).map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.createdAt).toLocaleString()}</td>
              <td>
                {ACTION_TEXT[e.action] ?? e.action} <code class="small muted">{e.action}</code>
              </td>
              <td title={e.definitionSha256 ? `definition sha256 ${e.definitionSha256}` : undefined}>
                {auditSubject(e)}
                {auditDetail(e.detail) && <span class="small muted"> ({auditDetail(e.detail)})</span>}
              </td>
              <td>{auditActor(e.actor, currentTokenId)}</td>
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
