import { useEffect } from "preact/hooks";

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
