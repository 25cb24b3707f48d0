import { useEffect } from "preact/hooks";

/** Run statuses that can still change: their views keep polling. */
export const LIVE_STATUSES = new Set(["queued", "running"]);

/** Calls `load` now and then every `intervalMs` while `active` says there is more to see. */
export function usePolling(load: () => Promise<void>, active: boolean, intervalMs: number): void {
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), intervalMs);
    return () => clearInterval(timer);
  }, [load, active, intervalMs]);
}
