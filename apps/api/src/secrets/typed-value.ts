import {
  checkSecretFields,
  createPreview,
  encodeSecretFields,
  isSecretType,
  previewSource,
  publicSecretFields,
  SECRET_TYPES,
  type SecretFields,
  secretFieldNames,
} from "@workflow-secrets/secret-rules";
import { z } from "zod";
import { apiError } from "../errors";
import { secretValue } from "./secret-input";
import { checkSecretValue, MAX_SECRET_BYTES, utf8ByteLength, type ValueWarning } from "./value-checks";

export const secretTypeInput = z.enum(SECRET_TYPES);

/** A typed secret's fields: names and values only; which names exist is the type's (checked below). */
export const secretFieldsInput = z.record(z.string().max(64), z.string().max(MAX_SECRET_BYTES));

/** What `secrets.create`/`update` take besides the name: `value` (text) or `fields` (typed). */
export const secretContentInput = {
  value: secretValue.optional(),
  fields: secretFieldsInput.optional(),
  type: secretTypeInput.optional(),
};

export interface SecretContent {
  type: string;
  /** What is sealed: the value of a text secret, the JSON of a typed secret's fields. */
  plaintext: string;
  preview: string;
  /** The non-secret fields shown by `secrets.list` (NULL for text). */
  publicFields: SecretFields | null;
  warnings: ValueWarning[];
}

/**
 * Turns `{ value | fields, type? }` into what is sealed and stored. `currentType` is the secret's type
 * on rotation (kept unless `type` says otherwise). Throws BAD_REQUEST naming fields, never values.
 */
export function secretContent(
  input: { value?: string; fields?: Record<string, string>; type?: string },
  currentType = "text",
): SecretContent {
  const type = input.type ?? (input.fields && currentType === "text" ? undefined : currentType);
  if (input.value !== undefined && input.fields !== undefined) {
    throw apiError("BAD_REQUEST", "give either value (a text secret) or fields (a typed secret), not both");
  }
  if (type === undefined || !isSecretType(type)) {
    throw apiError(
      "BAD_REQUEST",
      `fields need a type: ${SECRET_TYPES.filter((t) => t !== "text").join(", ")}`,
    );
  }
  if (type === "text") {
    if (input.value === undefined) {
      throw apiError("BAD_REQUEST", "a text secret needs value; for a typed secret give type and fields");
    }
    return {
      type,
      plaintext: input.value,
      preview: createPreview(input.value),
      publicFields: null,
      warnings: checkSecretValue(input.value),
    };
  }
  if (input.fields === undefined) {
    throw apiError("BAD_REQUEST", `a ${type} secret takes fields, not value: ${fieldList(type)}`);
  }
  const problems = checkSecretFields(type, input.fields);
  if (type === "oauth2" && input.fields.grant === "refresh_token" && !input.fields.refreshToken) {
    problems.push({
      field: "refreshToken",
      problem:
        'a refresh_token credential needs "refreshToken": paste one, or connect the account with oauth.start',
    });
  }
  for (const [field, value] of Object.entries(input.fields)) {
    const check = secretValue.safeParse(value);
    if (!check.success && value !== "") {
      problems.push({ field, problem: `"${field}": ${check.error.issues[0]?.message ?? "invalid"}` });
    }
  }
  const plaintext = encodeSecretFields(type, input.fields);
  if (problems.length === 0 && utf8ByteLength(plaintext) > MAX_SECRET_BYTES) {
    problems.push({
      field: "fields",
      problem: `the fields together are larger than 16 KiB (${MAX_SECRET_BYTES} bytes)`,
    });
  }
  if (problems.length > 0) {
    throw apiError("BAD_REQUEST", problems.map((p) => p.problem).join("; "), {
      issues: problems.map((p) => ({ path: `fields.${p.field}`, message: p.problem })),
    });
  }
  const secretFields = secretFieldNames(type);
  const warnings = Object.entries(input.fields)
    .filter(([field]) => secretFields.includes(field))
    .flatMap(([field, value]) =>
      checkSecretValue(value).map((w) => ({ ...w, message: `${field}: ${w.message}` })),
    );
  return {
    type,
    plaintext,
    preview: createPreview(previewSource(type, input.fields) ?? ""),
    publicFields: publicSecretFields(type, input.fields),
    warnings,
  };
}

function fieldList(type: (typeof SECRET_TYPES)[number]): string {
  return checkSecretFields(type, {})
    .map((p) => p.field)
    .join(", ");
}
