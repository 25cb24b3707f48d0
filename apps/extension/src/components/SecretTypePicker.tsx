import { SECRET_TYPES, type SecretType } from "@workflow-secrets/secret-rules";

const LABELS: Record<SecretType, string> = {
  text: "Text (one value)",
  basic: "Basic auth (username + password)",
  smtp: "SMTP login (username + password)",
  oauth2: "OAuth2 (refreshing access token)",
};

/** Which form the options page shows for a new secret. */
export function SecretTypePicker(props: { value: SecretType; onChange(type: SecretType): void }) {
  return (
    <div>
      <label for="secret-type">Type</label>
      <select
        id="secret-type"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as SecretType)}
      >
        {SECRET_TYPES.map((type) => (
          <option key={type} value={type}>
            {LABELS[type]}
          </option>
        ))}
      </select>
    </div>
  );
}
