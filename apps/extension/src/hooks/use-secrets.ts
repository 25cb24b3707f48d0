import { useCallback, useEffect, useState } from "preact/hooks";
import type { ApiClient } from "../lib/api";
import type { SecretSummary } from "../lib/api-types";
import { showAttentionBadge } from "../lib/attention-badge";
import { lastUsedBy } from "../lib/last-use";

/**
 * The signed-in user's secrets plus who used each last, reloaded after every change. Both queries
 * travel in one batched HTTP request.
 */
export function useSecrets(api: ApiClient, onError: (error: unknown) => void) {
  const [secrets, setSecrets] = useState<SecretSummary[]>();
  const [usedLastBy, setUsedLastBy] = useState<Map<string, string>>(new Map());
  const reload = useCallback(async () => {
    try {
      const [list, audit] = await Promise.all([
        api.secrets.list.query(),
        api.audit.list.query({ limit: 100 }),
      ]);
      setSecrets(list);
      setUsedLastBy(lastUsedBy(list, audit.items));
      // The badge follows every load; a badge that cannot be set must not hide the list.
      showAttentionBadge(list).catch(() => undefined);
    } catch (error) {
      onError(error);
    }
  }, [api, onError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { secrets, usedLastBy, reload };
}
