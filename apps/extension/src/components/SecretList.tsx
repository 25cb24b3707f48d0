import { useState } from "preact/hooks";
import type { SecretSummary } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";
import { attentionFirst, stateAdvice, stateLabel } from "../lib/secret-health";
import { CopyReferenceButton } from "./CopyReferenceButton";
import { DeleteSecret, type DeleteSecretProps } from "./DeleteSecret";
import { LivenessLine } from "./LivenessLine";
import { SecretHistory, type SecretHistoryProps } from "./SecretHistory";
import { PublicFields, ReconnectHint, SecretTypeBadges } from "./SecretTypeBadges";
import { UsedBy } from "./UsedBy";

interface SecretListProps {
  secrets: SecretSummary[] | undefined;
  /** Secret name → workflow that used it last. */
  usedLastBy?: ReadonlyMap<string, string>;
  onRotate(name: string): void;
  deleteSecret: DeleteSecretProps["deleteSecret"];
  describeError(error: unknown): string;
  onDeleted(): void;
  loadVersions: SecretHistoryProps["loadVersions"];
  rollback: SecretHistoryProps["rollback"];
  onRolledBack(): void;
  checkLiveness(name: string): Promise<unknown>;
}

/**
 * Name, masked preview, version, state, last use and the workflows that use each secret; secrets that
 * need attention (expired, failing, expiring, unused) first, with what to do next.
 */
export function SecretList(props: SecretListProps) {
  const [query, setQuery] = useState("");
  const [deleting, setDeleting] = useState<string>();
  const [history, setHistory] = useState<string>();
  const needle = query.trim().toLowerCase();
  // Needs reconnecting first, then the other attention states (the rest keep the API's name order).
  const shown = attentionFirst(props.secrets ?? [])
    .filter(
      (s) =>
        s.name.toLowerCase().includes(needle) ||
        s.usedBy.some((u) => u.workflowName.toLowerCase().includes(needle)),
    )
    .sort((a, b) => Number(b.needsReconnect) - Number(a.needsReconnect));

  return (
    <section aria-label="Saved secrets">
      <label for="secret-search">Search secrets</label>
      <input
        id="secret-search"
        type="search"
        placeholder="Name or workflow"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {props.secrets === undefined ? (
        <p class="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p class="muted">{props.secrets.length === 0 ? "No secrets yet. Save one above." : "No match."}</p>
      ) : (
        <ul class="list">
          {shown.map((secret) => (
            <li key={secret.name} aria-label={secret.name}>
              <div class="spread">
                <strong>{secret.name}</strong>
                <span class="row">
                  <SecretTypeBadges secret={secret} />
                  {secret.state !== "ok" && (
                    <span class={`chip state-${secret.state}`} data-testid="secret-state">
                      {stateLabel(secret.state)}
                    </span>
                  )}
                  <span class="chip">v{secret.version}</span>
                </span>
              </div>
              {secret.state !== "ok" && <p class="small warning">{stateAdvice(secret)}</p>}
              <code data-testid="secret-preview">{secret.preview}</code>
              <p class="row small" data-testid="secret-destinations">
                {secret.unrestricted ? (
                  <span class="chip unrestricted">Unrestricted</span>
                ) : secret.destinations.length === 0 ? (
                  <span class="muted">Sent nowhere (webhook verification only)</span>
                ) : (
                  secret.destinations.map((d) => (
                    <span class="chip" key={d}>
                      {d}
                    </span>
                  ))
                )}
                {secret.scripts && <span class="muted">scripts may read it</span>}
              </p>
              <PublicFields fields={secret.fields} />
              <ReconnectHint secret={secret} />
              <p class="small muted">
                Last used {relativeTime(secret.lastUsedAt)}
                {secret.lastUsedAt &&
                  props.usedLastBy?.has(secret.name) &&
                  ` by workflow ${props.usedLastBy.get(secret.name)}`}{" "}
                · updated {relativeTime(secret.updatedAt)}
              </p>
              {secret.liveness && (
                <LivenessLine
                  name={secret.name}
                  liveness={secret.liveness}
                  checkLiveness={props.checkLiveness}
                  describeError={props.describeError}
                />
              )}
              <UsedBy usedBy={secret.usedBy} />
              <div class="row">
                <CopyReferenceButton name={secret.name} />
                <button
                  type="button"
                  aria-label={`Rotate ${secret.name}`}
                  onClick={() => props.onRotate(secret.name)}
                >
                  Rotate
                </button>
                <button
                  type="button"
                  aria-label={`Change destinations of ${secret.name}`}
                  onClick={() => props.onRotate(secret.name)}
                >
                  Destinations
                </button>
                <button
                  type="button"
                  aria-label={`History of ${secret.name}`}
                  aria-expanded={history === secret.name}
                  onClick={() => setHistory(history === secret.name ? undefined : secret.name)}
                >
                  History
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete ${secret.name}`}
                  onClick={() => setDeleting(secret.name)}
                >
                  Delete
                </button>
              </div>
              {history === secret.name && (
                <SecretHistory
                  name={secret.name}
                  loadVersions={props.loadVersions}
                  rollback={props.rollback}
                  describeError={props.describeError}
                  onRolledBack={props.onRolledBack}
                  onClose={() => setHistory(undefined)}
                />
              )}
              {deleting === secret.name && (
                <DeleteSecret
                  secret={secret}
                  deleteSecret={props.deleteSecret}
                  describeError={props.describeError}
                  onCancel={() => setDeleting(undefined)}
                  onDeleted={() => {
                    setDeleting(undefined);
                    props.onDeleted();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
