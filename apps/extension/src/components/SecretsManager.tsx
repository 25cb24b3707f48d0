import { useCallback, useMemo, useState } from "preact/hooks";
import { useSecrets } from "../hooks/use-secrets";
import type { ApiClient } from "../lib/api";
import type { SavedSecret } from "../lib/api-types";
import { CaptureForm, type CaptureSeed } from "./CaptureForm";
import { ErrorAlert } from "./ErrorAlert";
import { SecretList } from "./SecretList";

interface SecretsManagerProps {
  api: ApiClient;
  seed?: CaptureSeed;
  describeError(error: unknown): string;
}

/** Capture form on top, list below; rotating swaps in the same form with the name locked. */
export function SecretsManager({ api, seed, describeError }: SecretsManagerProps) {
  const [listError, setListError] = useState("");
  const onListError = useCallback((e: unknown) => setListError(describeError(e)), [describeError]);
  const { secrets, usedLastBy, reload } = useSecrets(api, onListError);
  const [rotating, setRotating] = useState<string>();
  const names = useMemo(() => (secrets ?? []).map((s) => s.name), [secrets]);
  const rotateSeed = useMemo(() => (rotating ? { name: rotating } : undefined), [rotating]);

  const save = useCallback(
    async (mode: "create" | "rotate", name: string, value: string): Promise<SavedSecret> =>
      mode === "rotate"
        ? await api.secrets.update.mutate({ name, value })
        : await api.secrets.create.mutate({ name, value }),
    [api],
  );

  return (
    <div>
      {rotating ? (
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
        <CaptureForm
          mode="create"
          existingNames={names}
          seed={seed}
          save={save}
          describeError={describeError}
          onSaved={() => void reload()}
        />
      )}
      <ErrorAlert message={listError} />
      <SecretList
        secrets={secrets}
        usedLastBy={usedLastBy}
        onRotate={setRotating}
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
