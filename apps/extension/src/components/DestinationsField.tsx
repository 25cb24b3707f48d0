import { normaliseDestination } from "@workflow-secrets/secret-rules";
import { useState } from "preact/hooks";

export interface PolicyDraft {
  destinations: string[];
  scripts: boolean;
}

interface DestinationsFieldProps {
  policy: PolicyDraft;
  onChange(next: PolicyDraft): void;
  /** Why the destinations are what they are ("Stripe secret keys are used at this address"). */
  reason?: string;
}

/**
 * Where a secret may be sent, chosen with its value and sealed with it: destination chips (prefilled
 * from the token's shape or the page), "Anywhere" labelled unrestricted, and "Scripts may read it".
 */
export function DestinationsField({ policy, onChange, reason }: DestinationsFieldProps) {
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState("");
  const anywhere = policy.destinations.includes("*");

  function add() {
    const checked = normaliseDestination(draft);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem("");
    setDraft("");
    if (!policy.destinations.includes(checked.text)) {
      onChange({ ...policy, destinations: [...policy.destinations.filter((d) => d !== "*"), checked.text] });
    }
  }

  return (
    <fieldset class="destinations">
      <legend>May be sent to</legend>
      <p class="row" data-testid="destination-chips">
        {anywhere ? (
          <span class="chip unrestricted">Anywhere (unrestricted)</span>
        ) : policy.destinations.length === 0 ? (
          <span class="muted small">Nowhere yet: add where this secret is used.</span>
        ) : (
          policy.destinations.map((destination) => (
            <span class="chip" key={destination}>
              {destination}{" "}
              <button
                type="button"
                class="link"
                aria-label={`Remove ${destination}`}
                onClick={() =>
                  onChange({ ...policy, destinations: policy.destinations.filter((d) => d !== destination) })
                }
              >
                ×
              </button>
            </span>
          ))
        )}
      </p>
      {reason && !anywhere && <p class="hint small">{reason}</p>}
      {!anywhere && (
        <div class="row">
          <label for="destination-input" class="small">
            Add destination
          </label>
          <input
            id="destination-input"
            placeholder="https://api.example.com"
            value={draft}
            autoComplete="off"
            spellcheck={false}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" onClick={add} disabled={draft.trim().length === 0}>
            Add
          </button>
        </div>
      )}
      {problem && <p class="warning">{problem}</p>}
      <label class="row small">
        <input
          type="checkbox"
          checked={anywhere}
          onChange={(e) => onChange({ ...policy, destinations: e.currentTarget.checked ? ["*"] : [] })}
        />
        Anywhere (unrestricted)
      </label>
      {anywhere && (
        <p class="warning small">
          Unrestricted: a stolen token or a changed workflow could send it anywhere.
        </p>
      )}
      <label class="row small">
        <input
          type="checkbox"
          checked={policy.scripts}
          onChange={(e) => onChange({ ...policy, scripts: e.currentTarget.checked })}
        />
        Scripts may read it
      </label>
    </fieldset>
  );
}
