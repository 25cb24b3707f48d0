import { createPreview, suggestDestinations, suggestSecretName } from "@workflow-secrets/secret-rules";
import { useEffect, useRef, useState } from "preact/hooks";
import type { SavedSecret } from "../lib/api-types";
import { checkSecretName } from "../lib/secret-name";
import { valueWarnings } from "../lib/value-warnings";
import { CopyReferenceButton } from "./CopyReferenceButton";
import { DestinationsField, type PolicyDraft } from "./DestinationsField";
import { ErrorAlert } from "./ErrorAlert";
import { SecretValueField } from "./SecretValueField";

export interface CaptureSeed {
  name?: string;
  value?: string;
  sourceHost?: string;
  /** Rotating: the secret's current policy, kept unless changed (changing it needs the value again). */
  policy?: PolicyDraft;
}

interface CaptureFormProps {
  /** "rotate" locks the name and replaces the value of an existing secret. */
  mode: "create" | "rotate";
  existingNames: string[];
  seed?: CaptureSeed;
  save(mode: "create" | "rotate", name: string, value: string, policy: PolicyDraft): Promise<SavedSecret>;
  describeError(error: unknown): string;
  onSaved(saved: SavedSecret): void;
  onCancel?(): void;
}

/** The one confirm every capture path ends in: name, hidden value, preview, warnings, Save. */
export function CaptureForm(props: CaptureFormProps) {
  const [mode, setMode] = useState(props.mode);
  const [name, setName] = useState(props.seed?.name ?? "");
  const [nameEdited, setNameEdited] = useState(Boolean(props.seed?.name) || props.mode === "rotate");
  const [value, setValue] = useState(props.seed?.value ?? "");
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState<SavedSecret>();
  const [policy, setPolicy] = useState<PolicyDraft>(
    props.seed?.policy ?? { destinations: [], scripts: false },
  );
  const [policyEdited, setPolicyEdited] = useState(Boolean(props.seed?.policy));
  const [policyReason, setPolicyReason] = useState<string>();
  const valueRef = useRef<HTMLDivElement>(null);

  /** Destinations follow the value (its URL, its token shape, the page) until the user edits them. */
  function suggestPolicy(next: string) {
    const suggestion = next ? suggestDestinations(next, props.seed?.sourceHost) : undefined;
    setPolicy((current) => ({ ...current, destinations: suggestion?.destinations ?? [] }));
    setPolicyReason(suggestion && `Suggested: ${suggestion.reason}.`);
  }

  useEffect(() => {
    if (!props.seed) return;
    setMode(props.mode);
    setName(
      props.seed.name ?? (props.seed.value ? suggestSecretName(props.seed.value, props.seed.sourceHost) : ""),
    );
    setNameEdited(Boolean(props.seed.name) || props.mode === "rotate");
    setValue(props.seed.value ?? "");
    setSaved(undefined);
    setError("");
    setPolicy(props.seed.policy ?? { destinations: [], scripts: false });
    setPolicyEdited(Boolean(props.seed.policy));
    if (!props.seed.policy) suggestPolicy(props.seed.value ?? "");
  }, [props.seed, props.mode]);

  useEffect(() => {
    valueRef.current?.querySelector<HTMLElement>("#secret-value")?.focus();
  }, [props.seed, mode]);

  const nameCheck = mode === "rotate" ? ({ ok: true } as const) : checkSecretName(name, props.existingNames);
  const warnings = valueWarnings(value);
  const canSave = nameCheck.ok && value.length > 0 && !busy;

  function changeValue(next: string) {
    setValue(next);
    setSaved(undefined);
    if (!nameEdited && mode === "create") setName(suggestSecretName(next, props.seed?.sourceHost));
    if (!policyEdited) suggestPolicy(next);
  }

  async function submit() {
    if (!canSave) return;
    setBusy(true);
    setError("");
    try {
      const result = await props.save(mode, name, value, policy);
      // The value leaves the form the moment it is stored; only the masked preview remains.
      setValue("");
      setRevealed(false);
      setSaved(result);
      if (mode === "create") {
        setName("");
        setNameEdited(false);
        setPolicy({ destinations: [], scripts: false });
        setPolicyEdited(false);
        setPolicyReason(undefined);
      }
      props.onSaved(result);
    } catch (e) {
      setError(props.describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class="capture"
      aria-label={mode === "rotate" ? `Rotate ${name}` : "Save a secret"}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label for="secret-name">Name</label>
      <input
        id="secret-name"
        value={name}
        readOnly={mode === "rotate"}
        aria-invalid={!nameCheck.ok && name.length > 0}
        aria-describedby="secret-name-check"
        autoComplete="off"
        spellcheck={false}
        onInput={(e) => {
          setName(e.currentTarget.value);
          setNameEdited(true);
        }}
      />
      <p id="secret-name-check" class="hint" aria-live="polite">
        {nameCheck.ok ? (
          mode === "rotate" ? (
            "Replaces the current value; workflows pick up the new one on their next run."
          ) : (
            `Use it as {{secrets.${name || "name"}}}`
          )
        ) : nameCheck.reason === "exists" ? (
          <span class="warning">
            {nameCheck.message}{" "}
            <button type="button" class="link" onClick={() => setMode("rotate")}>
              Rotate {name}
            </button>
          </span>
        ) : name.length > 0 ? (
          <span class="warning">{nameCheck.message}</span>
        ) : (
          "Letters, digits and _ (e.g. stripe_secret)."
        )}
      </p>
      <div ref={valueRef}>
        <SecretValueField
          value={value}
          revealed={revealed}
          onChange={changeValue}
          onToggleReveal={() => setRevealed(!revealed)}
          onSubmitShortcut={() => void submit()}
        />
      </div>
      {value && (
        <p class="hint">
          Preview: <code data-testid="draft-preview">{createPreview(value)}</code>
        </p>
      )}
      <DestinationsField
        policy={policy}
        reason={policyReason}
        onChange={(next) => {
          setPolicy(next);
          setPolicyEdited(true);
        }}
      />
      {mode === "rotate" && (
        <p class="hint small">Destinations are sealed with the value: changing them needs the value again.</p>
      )}
      <div aria-live="polite">
        {warnings.map((w) => (
          <p class="warning" key={w}>
            {w}
          </p>
        ))}
      </div>
      <ErrorAlert message={error} />
      <div class="row end">
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {saved ? "Close" : "Cancel"}
          </button>
        )}
        <button type="submit" class="primary" disabled={!canSave}>
          {busy ? "Saving…" : mode === "rotate" ? "Save new value" : "Save"}
        </button>
      </div>
      {saved && <SavedNotice saved={saved} />}
    </form>
  );
}

function SavedNotice({ saved }: { saved: SavedSecret }) {
  return (
    <div class="card" role="status" aria-label="Saved">
      <p class="success">
        Saved {saved.name} (v{saved.version})
      </p>
      <p>
        <code data-testid="saved-preview">{saved.preview}</code>
      </p>
      <p class="small" data-testid="saved-destinations">
        {saved.unrestricted ? (
          <span class="chip unrestricted">Unrestricted</span>
        ) : (
          `May be sent to ${saved.destinations.length > 0 ? saved.destinations.join(", ") : "nowhere"}`
        )}
        {saved.scripts ? " · scripts may read it" : ""}
      </p>
      {saved.warnings.map((w) => (
        <p class="warning" key={w.code}>
          {capitalize(w.message)}.
        </p>
      ))}
      <CopyReferenceButton name={saved.name} />
    </div>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
