import { isSecretType, type SecretType } from "@workflow-secrets/secret-rules";
import { useCallback, useMemo, useState } from "preact/hooks";
import { useSecrets } from "../hooks/use-secrets";
import type { ApiClient } from "../lib/api";
import type { SavedSecret } from "../lib/api-types";
import { CaptureForm, type CaptureSeed } from "./CaptureForm";
import type { PolicyDraft } from "./DestinationsField";
import { ErrorAlert } from "./ErrorAlert";
import { SecretList } from "./SecretList";
import { SecretTypePicker } from "./SecretTypePicker";
import { TypedSecretForm } from "./TypedSecretForm";

interface SecretsManagerProps {
  api: ApiClient;
  seed?: CaptureSeed;
  describeError(error: unknown): string;
  /** The options page offers every type (one form each); the popup's quick capture stays one field. */
  typed?: boolean;
}

/** Capture form on top, list below; rotating swaps in the same form with the name locked. */
export function SecretsManager({ api, seed, describeError, typed = false }: SecretsManagerProps) {
  const [listError, setListError] = useState("");
  const onListError = useCallback((e: unknown) => setListError(describeError(e)), [describeError]);
  const { secrets, usedLastBy, reload } = useSecrets(api, onListError);
  const [rotating, setRotating] = useState<string>();
  const names = useMemo(() => (secrets ?? []).map((s) => s.name), [secrets]);
  // Taken when Rotate is clicked: the list reloading after the save must not reset the open form.
  const [rotateSeed, setRotateSeed] = useState<CaptureSeed>();
  const startRotating = useCallback(
    (name: string) => {
      const current = secrets?.find((s) => s.name === name);
      setRotateSeed({
        name,
        ...(current ? { policy: { destinations: current.destinations, scripts: current.scripts } } : {}),
      });
      setRotating(name);
    },
    [secrets],
  );
  const [newType, setNewType] = useState<SecretType>("text");
  const rotatingType = secrets?.find((s) => s.name === rotating)?.type;

  const save = useCallback(
    async (
      mode: "create" | "rotate",
      name: string,
      value: string,
      policy: PolicyDraft,
    ): Promise<SavedSecret> =>
      mode === "rotate"
        ? await api.secrets.update.mutate({ name, value, ...policy })
        : await api.secrets.create.mutate({ name, value, ...policy }),
    [api],
  );

  return (
    <div>
      {rotating && rotatingType && rotatingType !== "text" && isSecretType(rotatingType) ? (
        <div class="card">
          <h2>Rotate {rotating}</h2>
          <TypedSecretForm
            key={rotating}
            api={api}
            mode="rotate"
            type={rotatingType as Exclude<SecretType, "text">}
            name={rotating}
            existingNames={names}
            describeError={describeError}
            onSaved={() => void reload()}
            onCancel={() => setRotating(undefined)}
          />
        </div>
      ) : rotating ? (
        <div class="card">
          <h2>Rotate {rotating}</h2>
          <CaptureForm
            mode="rotate"
            existingNames={names}
            seed={rotateSeed}
            save={save}
            describeError={describeError}
            onSaved={() => void reload()}
            onCancel={() => setRotating(undefined)}
          />
        </div>
      ) : (
        <>
          {typed && <SecretTypePicker value={newType} onChange={setNewType} />}
          {newType !== "text" ? (
            <TypedSecretForm
              key={newType}
              api={api}
              mode="create"
              type={newType}
              existingNames={names}
              describeError={describeError}
              onSaved={() => void reload()}
            />
          ) : (
            <CaptureForm
              mode="create"
              existingNames={names}
              seed={seed}
              save={save}
              describeError={describeError}
              onSaved={() => void reload()}
            />
          )}
        </>
      )}
      <ErrorAlert message={listError} />
      <SecretList
        secrets={secrets}
        usedLastBy={usedLastBy}
        onRotate={startRotating}
        deleteSecret={(name, force) => api.secrets.delete.mutate({ name, force })}
        describeError={describeError}
        onDeleted={() => void reload()}
        loadVersions={(name) => api.secrets.versions.query({ name })}
        rollback={(name, version) => api.secrets.rollback.mutate({ name, version })}
        onRolledBack={() => void reload()}
        checkLiveness={(name) => api.secrets.checkLiveness.mutate({ name })}
      />
    </div>
  );
}
