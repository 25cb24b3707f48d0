import { SECRET_TYPE_FIELDS, type SecretType } from "@workflow-secrets/secret-rules";
import { useState } from "preact/hooks";
import type { ApiClient } from "../lib/api";
import { checkSecretName } from "../lib/secret-name";
import { ConnectOAuth } from "./ConnectOAuth";
import { ErrorAlert } from "./ErrorAlert";

interface TypedSecretFormProps {
  api: ApiClient;
  /** "rotate" locks the name and the type and saves a new version of every field. */
  mode: "create" | "rotate";
  type: Exclude<SecretType, "text">;
  name?: string;
  existingNames: string[];
  describeError(error: unknown): string;
  onSaved(): void;
  onCancel?(): void;
}

const TYPE_LABEL: Record<Exclude<SecretType, "text">, string> = {
  basic: "Basic auth",
  smtp: "SMTP login",
  oauth2: "OAuth2",
};

/**
 * One form per secret type, built from the shared type table: the entered fields (never the derived
 * ones), secret fields hidden. OAuth2 also offers Connect (authorization code with PKCE) instead of
 * pasting a refresh token. Values leave the form when saved.
 */
export function TypedSecretForm(props: TypedSecretFormProps) {
  const specs = SECRET_TYPE_FIELDS[props.type].filter((f) => !f.derived);
  const initial: Record<string, string> = props.type === "oauth2" ? { grant: "refresh_token" } : {};
  const [name, setName] = useState(props.name ?? "");
  const [fields, setFields] = useState<Record<string, string>>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState("");
  const nameCheck =
    props.mode === "rotate" ? ({ ok: true } as const) : checkSecretName(name, props.existingNames);
  const filled = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
  const set = (field: string, value: string) => setFields((current) => ({ ...current, [field]: value }));
  const idOf = (field: string) => `typed-${props.type}-${field}`;

  async function save(event: Event) {
    event.preventDefault();
    if (!nameCheck.ok || busy) return;
    setBusy(true);
    setError("");
    try {
      if (props.mode === "rotate")
        await props.api.secrets.update.mutate({ name, type: props.type, fields: filled });
      else await props.api.secrets.create.mutate({ name, type: props.type, fields: filled });
      setFields(initial);
      setSaved(`Saved ${name}.`);
      props.onSaved();
    } catch (e) {
      setError(props.describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} aria-label={`${TYPE_LABEL[props.type]} secret`}>
      <label for={idOf("name")}>Name</label>
      <input
        id={idOf("name")}
        value={name}
        readOnly={props.mode === "rotate"}
        onInput={(e) => setName(e.currentTarget.value)}
        autoComplete="off"
      />
      {!nameCheck.ok && name !== "" && <p class="small warning">{nameCheck.message}</p>}
      {specs.map((spec) => (
        <div key={spec.name}>
          <label for={idOf(spec.name)}>{spec.label}</label>
          {spec.name === "grant" ? (
            <select
              id={idOf(spec.name)}
              value={fields.grant}
              onChange={(e) => set("grant", e.currentTarget.value)}
            >
              <option value="refresh_token">refresh_token (a user's account)</option>
              <option value="client_credentials">client_credentials (an app's own access)</option>
            </select>
          ) : (
            <input
              id={idOf(spec.name)}
              type={spec.secret ? "password" : "text"}
              value={fields[spec.name] ?? ""}
              onInput={(e) => set(spec.name, e.currentTarget.value)}
              autoComplete="off"
              spellcheck={false}
            />
          )}
        </div>
      ))}
      <ErrorAlert message={error} />
      {saved && (
        <p class="small" role="status">
          {saved}
        </p>
      )}
      <div class="row">
        <button type="submit" disabled={busy || !nameCheck.ok || name === ""}>
          {props.mode === "rotate" ? "Save new version" : "Save"}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
      {props.type === "oauth2" && fields.grant !== "client_credentials" && (
        <ConnectOAuth
          api={props.api}
          secretName={name}
          fields={filled}
          describeError={props.describeError}
          onConnected={() => {
            setFields(initial);
            props.onSaved();
          }}
        />
      )}
    </form>
  );
}
