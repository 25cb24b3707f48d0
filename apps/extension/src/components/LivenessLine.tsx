import { useState } from "preact/hooks";
import type { SecretSummary } from "../lib/api-types";
import { relativeTime } from "../lib/relative-time";

interface LivenessLineProps {
  name: string;
  liveness: NonNullable<SecretSummary["liveness"]>;
  checkLiveness(name: string): Promise<unknown>;
  describeError(error: unknown): string;
}

/** A secret's liveness check: its request line, the last outcome (status only) and "Check now". */
export function LivenessLine({ name, liveness, checkLiveness, describeError }: LivenessLineProps) {
  const [note, setNote] = useState(
    liveness.requestedAt ? "Check requested: the runner sends it within a minute." : "",
  );
  const last = liveness.result
    ? `last ${liveness.result.startsWith("error") ? liveness.result : `answered ${liveness.result}`} ${relativeTime(liveness.checkedAt)}`
    : "not checked yet";
  async function ask() {
    try {
      await checkLiveness(name);
      setNote("Check requested: the runner sends it within a minute.");
    } catch (e) {
      setNote(describeError(e));
    }
  }
  return (
    <section class="row small" aria-label={`Liveness check of ${name}`}>
      <span class="muted">
        Liveness: <code>{liveness.request}</code> · {last}
        {liveness.everyMinutes ? ` · every ${liveness.everyMinutes} min` : ""}
      </span>
      <button type="button" onClick={() => void ask()}>
        Check now
      </button>
      {note && <span role="status">{note}</span>}
    </section>
  );
}
