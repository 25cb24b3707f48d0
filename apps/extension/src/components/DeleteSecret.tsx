import { useState } from "preact/hooks";
import { apiErrorCode } from "../lib/api";
import type { SecretSummary, UsedBy } from "../lib/api-types";
import { ErrorAlert } from "./ErrorAlert";

export interface DeleteSecretProps {
  secret: SecretSummary;
  deleteSecret(name: string, force: boolean): Promise<unknown>;
  describeError(error: unknown): string;
  onCancel(): void;
  onDeleted(): void;
}

/**
 * Delete asks the API first without force: when workflows still use the secret the API refuses and
 * says which; then deleting anyway needs the name typed out.
 */
export function DeleteSecret(props: DeleteSecretProps) {
  const { secret } = props;
  const [blocked, setBlocked] = useState<{ message: string; usedBy: UsedBy[] }>();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function remove(force: boolean) {
    setBusy(true);
    setError("");
    try {
      await props.deleteSecret(secret.name, force);
      props.onDeleted();
    } catch (e) {
      if (!force && apiErrorCode(e) === "PRECONDITION_FAILED") {
        setBlocked({ message: (e as Error).message, usedBy: usedByFrom(e) ?? secret.usedBy });
      } else {
        setError(props.describeError(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset class="card" aria-label={`Confirm deleting ${secret.name}`}>
      {blocked ? (
        <>
          <p class="warning" role="alert">
            {blocked.message}
          </p>
          {blocked.usedBy.length > 0 && (
            <p class="row small">
              These workflows will fail:
              {blocked.usedBy.map((u) => (
                <span class="chip" key={u.workflowId}>
                  {u.workflowName}
                </span>
              ))}
            </p>
          )}
          <label for={`confirm-${secret.name}`}>Type {secret.name} to delete it anyway</label>
          <input
            id={`confirm-${secret.name}`}
            autoComplete="off"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
        </>
      ) : (
        <p>Delete {secret.name}? Its value cannot be recovered.</p>
      )}
      <ErrorAlert message={error} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        {blocked ? (
          <button
            type="button"
            class="danger"
            disabled={busy || typed !== secret.name}
            onClick={() => void remove(true)}
          >
            Delete anyway
          </button>
        ) : (
          <button type="button" class="danger" disabled={busy} onClick={() => void remove(false)}>
            Confirm delete
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** The API may attach the workflows in the error's data; fall back to the list's own usedBy. */
function usedByFrom(error: unknown): UsedBy[] | undefined {
  const data = (error as { data?: { usedBy?: unknown } }).data;
  return Array.isArray(data?.usedBy) ? (data.usedBy as UsedBy[]) : undefined;
}
