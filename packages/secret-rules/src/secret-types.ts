/**
 * The one table of secret types: which fields each type has, which of them are secret (sealed,
 * masked, never returned) and which a workflow may reference as `{{secrets.NAME.FIELD}}`.
 * The API (save-time checks, what `secrets.list` shows), the runner (what it masks, what it
 * substitutes) and the extension (one form per type) all read it from here.
 */

export const SECRET_TYPES = ["text", "basic", "smtp", "oauth2"] as const;
export type SecretType = (typeof SECRET_TYPES)[number];

export const OAUTH2_GRANTS = ["refresh_token", "client_credentials"] as const;
export type OAuth2Grant = (typeof OAUTH2_GRANTS)[number];

export interface SecretFieldSpec {
  name: string;
  /** Sealed, masked in every encoding, never returned; otherwise shown by `secrets.list`. */
  secret: boolean;
  /** Must be given when the secret is saved. */
  required: boolean;
  /** Computed from other fields when the secret is opened (basic's `header`), never entered. */
  derived?: boolean;
  /** A step may write `{{secrets.NAME.<field>}}`. */
  referencable: boolean;
  /** One line for forms and errors. */
  label: string;
}

const field = (
  name: string,
  label: string,
  flags: Partial<Omit<SecretFieldSpec, "name" | "label">>,
): SecretFieldSpec => ({
  name,
  label,
  secret: flags.secret ?? false,
  required: flags.required ?? false,
  referencable: flags.referencable ?? true,
  ...(flags.derived ? { derived: true } : {}),
});

export const SECRET_TYPE_FIELDS: Record<SecretType, readonly SecretFieldSpec[]> = {
  // A text secret is one value, referenced as {{secrets.NAME}}: it has no fields.
  text: [],
  basic: [
    field("username", "User name", { required: true }),
    field("password", "Password", { secret: true, required: true }),
    field("header", "Authorization header value: Basic base64(username:password)", {
      secret: true,
      derived: true,
    }),
  ],
  smtp: [
    field("username", "SMTP user name", { required: true }),
    field("password", "SMTP password", { secret: true, required: true }),
  ],
  oauth2: [
    field("tokenUrl", "Token endpoint URL", { required: true }),
    field("clientId", "Client id", { required: true }),
    field("clientSecret", "Client secret", { secret: true, referencable: false }),
    field("scope", "Scopes, space-separated", {}),
    field("grant", "Grant: refresh_token or client_credentials", { required: true }),
    field("refreshToken", "Refresh token", { secret: true, referencable: false }),
    field("accessToken", "Access token", { secret: true }),
    field("expiresAt", "When the access token expires (ISO-8601)", {}),
    field("expiredBodyContains", "Text in a 200 response body that means the token expired", {
      referencable: false,
    }),
  ],
};

/** Secret fields shown in the preview, first present wins. */
const PREVIEW_FIELDS: Record<SecretType, readonly string[]> = {
  text: [],
  basic: ["password"],
  smtp: ["password"],
  oauth2: ["refreshToken", "clientSecret", "accessToken"],
};

export type SecretFields = Record<string, string>;

export function isSecretType(type: unknown): type is SecretType {
  return typeof type === "string" && (SECRET_TYPES as readonly string[]).includes(type);
}

/** The fields a step may reference, in table order (`[]` for text and unknown types). */
export function referencableFields(type: string): string[] {
  if (!isSecretType(type)) return [];
  return SECRET_TYPE_FIELDS[type].filter((f) => f.referencable).map((f) => f.name);
}

/** Names of the secret fields of a type, derived ones included. */
export function secretFieldNames(type: string): string[] {
  if (!isSecretType(type)) return [];
  return SECRET_TYPE_FIELDS[type].filter((f) => f.secret).map((f) => f.name);
}

/**
 * Why `{{secrets.NAME}}` / `{{secrets.NAME.FIELD}}` does not fit a secret of `type`, or undefined
 * when it does. The message names the type's fields, so the user can pick the right one.
 */
export function fieldReferenceProblem(
  name: string,
  type: string,
  field: string | undefined,
): string | undefined {
  const fields = referencableFields(type);
  if (type === "text" || !isSecretType(type)) {
    return field === undefined
      ? undefined
      : `secret "${name}" is a text secret and has no fields: write {{secrets.${name}}}`;
  }
  const choices = fields.map((f) => `{{secrets.${name}.${f}}}`).join(", ");
  if (field === undefined)
    return `secret "${name}" is a ${type} secret: reference one of its fields: ${choices}`;
  if (!fields.includes(field)) {
    return `secret "${name}" is a ${type} secret without a field "${field}": its fields are ${fields.join(", ")}`;
  }
  return undefined;
}

/** `Basic base64(username:password)`, base64 of the UTF-8 bytes (RFC 7617). */
export function basicAuthHeader(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

export type FieldProblem = { field: string; problem: string };

/**
 * What is wrong with the fields entered for a typed secret: unknown or derived fields, missing
 * required ones, an unknown grant, a token URL that is not http(s), an expiry that is not a date.
 * Messages name fields, never values.
 */
export function checkSecretFields(type: SecretType, fields: SecretFields): FieldProblem[] {
  const specs = SECRET_TYPE_FIELDS[type];
  const problems: FieldProblem[] = [];
  const known = specs.filter((f) => !f.derived).map((f) => f.name);
  for (const [name, value] of Object.entries(fields)) {
    const spec = specs.find((f) => f.name === name);
    if (!spec)
      problems.push({
        field: name,
        problem: `a ${type} secret has no field "${name}": its fields are ${known.join(", ")}`,
      });
    else if (spec.derived)
      problems.push({ field: name, problem: `"${name}" is computed from the other fields: leave it out` });
    else if (typeof value !== "string") problems.push({ field: name, problem: `"${name}" must be text` });
  }
  for (const spec of specs) {
    if (spec.required && !spec.derived && !fields[spec.name]) {
      problems.push({ field: spec.name, problem: `a ${type} secret needs "${spec.name}" (${spec.label})` });
    }
  }
  if (type === "oauth2") problems.push(...checkOAuth2Fields(fields));
  return problems;
}

function checkOAuth2Fields(fields: SecretFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { grant, tokenUrl, expiresAt } = fields;
  if (grant && !(OAUTH2_GRANTS as readonly string[]).includes(grant)) {
    problems.push({ field: "grant", problem: `"grant" is ${OAUTH2_GRANTS.join(" or ")}` });
  }
  if (tokenUrl && !isHttpUrl(tokenUrl)) {
    problems.push({
      field: "tokenUrl",
      problem: `"tokenUrl" must be an https:// URL (http:// only for 127.0.0.1 or localhost)`,
    });
  }
  if (expiresAt && Number.isNaN(Date.parse(expiresAt))) {
    problems.push({
      field: "expiresAt",
      problem: `"expiresAt" must be an ISO-8601 time, e.g. 2026-12-31T23:00:00Z`,
    });
  }
  if (grant === "client_credentials" && !fields.clientSecret) {
    problems.push({ field: "clientSecret", problem: `a client_credentials credential needs "clientSecret"` });
  }
  return problems;
}

export function isHttpUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** Only the non-secret fields that are set: what `secrets.list` may show. */
export function publicSecretFields(type: SecretType, fields: SecretFields): SecretFields {
  const out: SecretFields = {};
  for (const spec of SECRET_TYPE_FIELDS[type]) {
    const value = fields[spec.name];
    if (!spec.secret && typeof value === "string" && value !== "") out[spec.name] = value;
  }
  return out;
}

/** The value a typed secret's preview is made from (the first set preview field), or undefined. */
export function previewSource(type: SecretType, fields: SecretFields): string | undefined {
  for (const name of PREVIEW_FIELDS[type]) if (fields[name]) return fields[name];
  return undefined;
}

/**
 * The plaintext sealed for a typed secret: JSON of its entered fields in table order, derived
 * fields left out (they are computed when opened). A text secret's plaintext is its value.
 */
export function encodeSecretFields(type: SecretType, fields: SecretFields): string {
  const ordered: SecretFields = {};
  for (const spec of SECRET_TYPE_FIELDS[type]) {
    const value = fields[spec.name];
    if (!spec.derived && typeof value === "string" && value !== "") ordered[spec.name] = value;
  }
  return JSON.stringify(ordered);
}

/**
 * The fields of an opened typed secret, derived ones added (basic's `header`). Throws on a
 * plaintext that is not a JSON object of strings (never quoting it).
 */
export function decodeSecretFields(type: SecretType, plaintext: string): SecretFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw new Error(`the sealed fields of a ${type} secret are not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`the sealed fields of a ${type} secret are not an object`);
  }
  const fields: SecretFields = Object.create(null);
  for (const [name, value] of Object.entries(parsed)) if (typeof value === "string") fields[name] = value;
  if (type === "basic") fields.header = basicAuthHeader(fields.username ?? "", fields.password ?? "");
  return fields;
}
