import { useCallback, useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import { UsedBy } from "../components/UsedBy";
import { useSecrets } from "../hooks/use-secrets";
import { attentionCounts, needingAttention, stateAdvice, stateLabel } from "../lib/secret-health";
import type { PanelProps } from "./panel-props";

/** "Needs attention": expired, failing, expiring and unused secrets, most urgent first, with what to do. */
export function AttentionPanel({ api, describeError }: PanelProps) {
  const [error, setError] = useState("");
  const onError = useCallback((e: unknown) => setError(describeError(e)), [describeError]);
  const { secrets } = useSecrets(api, onError);
  if (error) return <ErrorAlert message={error} />;
  if (!secrets) return <p class="muted">Loading…</p>;
  const counts = attentionCounts(secrets);
  const shown = needingAttention(secrets);
  return (
    <section aria-label="Secrets that need attention">
      <p class="small muted" data-testid="attention-counts">
        {counts.expired} expired · {counts.failing} failing · {counts.expiring} expiring
      </p>
      {shown.length === 0 ? (
        <p class="muted">Nothing needs attention: every secret is in use, working and far from expiry.</p>
      ) : (
        <ul class="list">
          {shown.map((secret) => (
            <li key={secret.name} aria-label={secret.name}>
              <div class="spread">
                <strong>{secret.name}</strong>
                <span class={`chip state-${secret.state}`}>{stateLabel(secret.state)}</span>
              </div>
              <p class="small">{stateAdvice(secret)}</p>
              <UsedBy usedBy={secret.usedBy} />
              <a href="#secrets">Rotate or roll back in Secrets</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
