import { useState } from "preact/hooks";
import type { SecretSummary } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";
import { CopyReferenceButton } from "./CopyReferenceButton";
import { DeleteSecret, type DeleteSecretProps } from "./DeleteSecret";
import { PublicFields, ReconnectHint, SecretTypeBadges } from "./SecretTypeBadges";

interface SecretListProps {
  secrets: SecretSummary[] | undefined;
  /** Secret name → workflow that used it last. */
  usedLastBy?: ReadonlyMap<string, string>;
  onRotate(name: string): void;
  deleteSecret: DeleteSecretProps["deleteSecret"];
  describeError(error: unknown): string;
  onDeleted(): void;
}

/** Name, masked preview, version, last use and the workflows that use each secret. */
export function SecretList(props: SecretListProps) {
  const [query, setQuery] = useState("");
  const [deleting, setDeleting] = useState<string>();
  const needle = query.trim().toLowerCase();
  const shown = (props.secrets ?? [])
    .filter(
      (s) =>
        s.name.toLowerCase().includes(needle) ||
        s.usedBy.some((u) => u.workflowName.toLowerCase().includes(needle)),
    )
    // A credential that needs attention sits at the top (the rest keep the API's name order).
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
                  <span class="chip">v{secret.version}</span>
                </span>
              </div>
              <code data-testid="secret-preview">{secret.preview}</code>
              <PublicFields fields={secret.fields} />
              <ReconnectHint secret={secret} />
              <p class="small muted">
                Last used {relativeTime(secret.lastUsedAt)}
                {secret.lastUsedAt &&
                  props.usedLastBy?.has(secret.name) &&
                  ` by workflow ${props.usedLastBy.get(secret.name)}`}{" "}
                · updated {relativeTime(secret.updatedAt)}
              </p>
              {secret.usedBy.length > 0 && (
                <p class="row small">
                  Used by
                  {secret.usedBy.map((u) => (
                    <span class="chip" key={u.workflowId}>
                      {u.workflowName}
                    </span>
                  ))}
                </p>
              )}
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
                  class="danger"
                  aria-label={`Delete ${secret.name}`}
                  onClick={() => setDeleting(secret.name)}
                >
                  Delete
                </button>
              </div>
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
