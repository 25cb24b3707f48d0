import { useEffect, useState } from "preact/hooks";
import type { SecretVersions } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";
import { ErrorAlert } from "./ErrorAlert";

export interface SecretHistoryProps {
  name: string;
  loadVersions(name: string): Promise<SecretVersions>;
  rollback(name: string, version: number): Promise<{ version: number }>;
  describeError(error: unknown): string;
  onRolledBack(): void;
  onClose(): void;
}

const AUTHORS = { session: "you (signed in)", token: "a personal token", runner: "the runner", unknown: "—" };

/**
 * The kept versions of one secret, newest first, with one-click rollback. The confirmation names the
 * version and the number it will become: a rollback never rewrites history, it adds a version.
 */
export function SecretHistory(props: SecretHistoryProps) {
  const { name } = props;
  const [history, setHistory] = useState<SecretVersions>();
  const [confirming, setConfirming] = useState<number>();
  const [done, setDone] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const load = () =>
    props.loadVersions(name).then(
      (next) => setHistory(next),
      (e: unknown) => setError(props.describeError(e)),
    );
  useEffect(() => void load(), [name]);

  async function rollBack(version: number) {
    setBusy(true);
    setError("");
    try {
      const saved = await props.rollback(name, version);
      setConfirming(undefined);
      setDone(`Rolled back: ${name} is now v${saved.version}, the value of v${version}.`);
      await load();
      props.onRolledBack();
    } catch (e) {
      setError(props.describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-label={`History of ${name}`}>
      <div class="spread">
        <strong>History of {name}</strong>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {history === undefined && !error && <p class="muted">Loading…</p>}
      {done && (
        <p class="small" role="status">
          {done}
        </p>
      )}
      <ErrorAlert message={error} />
      {history && (
        <>
          <p class="small muted">
            Keeps the {history.versionsKept} versions before the current one. Values are never shown.
          </p>
          <ol class="list" aria-label={`Versions of ${name}`}>
            {history.versions.map((v) => (
              <li key={v.version} aria-label={`${name} v${v.version}`}>
                <div class="spread">
                  <strong>
                    v{v.version}
                    {v.current && <span class="chip">current</span>}
                    {v.rolledBackFrom !== null && <span class="chip">rollback of v{v.rolledBackFrom}</span>}
                  </strong>
                  <code>{v.preview}</code>
                </div>
                <p class="small muted">
                  Saved {relativeTime(v.createdAt)} by {AUTHORS[v.createdBy.kind]}
                  {v.expiresAt && ` · expires ${new Date(v.expiresAt).toLocaleString()}`} · used by{" "}
                  {v.runs.length === 0 ? "no run" : `${v.runs.length} run${v.runs.length === 1 ? "" : "s"}`}
                </p>
                {!v.current && confirming !== v.version && (
                  <button type="button" onClick={() => setConfirming(v.version)}>
                    Roll back to v{v.version}
                  </button>
                )}
                {confirming === v.version && (
                  <fieldset class="row" aria-label={`Confirm rollback to v${v.version}`}>
                    <span class="small">
                      Make v{v.version} current again? It becomes v{history.currentVersion + 1}; runs already
                      started keep the version they began with.
                    </span>
                    <button type="button" onClick={() => setConfirming(undefined)}>
                      Cancel
                    </button>
                    <button
                      type="button"
                      class="primary"
                      disabled={busy}
                      onClick={() => void rollBack(v.version)}
                    >
                      Roll back {name} to v{v.version}
                    </button>
                  </fieldset>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
