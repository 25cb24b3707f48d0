import { useCallback, useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../lib/api";
import type { SecretSummary } from "../lib/api-types";

/** The signed-in user's secrets, reloaded on demand after every change. */
export function useSecrets(api: ApiClient, onError: (error: unknown) => void) {
  const [secrets, setSecrets] = useState<SecretSummary[]>();
  const reload = useCallback(async () => {
    try {
      setSecrets(await api.secrets.list.query());
    } catch (error) {
      onError(error);
    }
  }, [api, onError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { secrets, reload };
}
