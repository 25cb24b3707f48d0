import { CREDENTIAL_SHAPES, validateSecretName } from "@workflow-secrets/secret-rules";
import { useState } from "preact/hooks";
import { ErrorAlert } from "../components/ErrorAlert";
import type { UnregisteredFinding } from "../lib/api-types";
import type { PanelProps } from "./panel-props";

/** The name to suggest for a finding: its shape's, or one for a token found by its position. */
export function suggestedNameFor(kind: string): string {
  const shape = CREDENTIAL_SHAPES.find((s) => s.kind === kind);
  if (shape) return shape.suggestedName;
  return kind === "session-cookie" ? "session_cookie" : "api_token";
}

/**
 * "Save as a secret" for a credential the runner masked although nobody registered it. The vault never
 * kept the value (the run history holds only `[masked:unregistered <kind>]`), so the user pastes it.
 */
export function SaveFinding(props: PanelProps & { finding: UnregisteredFinding; stepId: string }) {
  const { finding, stepId } = props;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(() => suggestedNameFor(finding.kind));
  const [value, setValue] = useState("");
  const [error, setError] = useState("");
  const [saved, setSaved] = useState("");
  const nameCheck = validateSecretName(name);

  async function save(event: Event) {
    event.preventDefault();
    setError("");
    try {
      const result = await props.api.secrets.create.mutate({ name, value });
      setValue("");
      setOpen(false);
      setSaved(
        `Saved ${result.name}. Use it as {{secrets.${result.name}}} in step "${stepId}" and elsewhere.`,
      );
    } catch (e) {
      setError(props.describeError(e));
    }
  }

  const what = `${finding.label} in ${finding.field}${finding.count > 1 ? ` (${finding.count})` : ""}`;
  return (
    <li aria-label={`Finding ${finding.kind} in ${finding.field}`}>
      <span class="chip state-expiring">unregistered</span> {what}
      {saved && (
        <p class="small success" role="status">
          {saved}
        </p>
      )}
      {!open && !saved && (
        <button type="button" onClick={() => setOpen(true)}>
          Save as a secret
        </button>
      )}
      {open && (
        <form
          class="card"
          aria-label={`Save the ${finding.label} as a secret`}
          onSubmit={(e) => void save(e)}
        >
          <p class="small muted">
            The run history kept only a mask, never the value: paste it from where you got it.
          </p>
          <label for={`finding-name-${stepId}-${finding.kind}`}>Secret name</label>
          <input
            id={`finding-name-${stepId}-${finding.kind}`}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {!nameCheck.ok && <p class="small warning">{nameCheck.message}</p>}
          <label for={`finding-value-${stepId}-${finding.kind}`}>Paste the value</label>
          <input
            id={`finding-value-${stepId}-${finding.kind}`}
            type="password"
            autoComplete="off"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <ErrorAlert message={error} />
          <div class="row end">
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={!nameCheck.ok || value.length === 0}>
              Save secret
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
