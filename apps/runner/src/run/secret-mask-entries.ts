import { secretFieldNames } from "@workflow-secrets/secret-rules";
import type { SecretToMask, SecretValue } from "@workflow-secrets/templating";

/**
 * What the run's masker is built from: a text secret's value as `NAME`, and every secret field of a
 * typed secret as `NAME.FIELD` (derived ones included: basic's whole `Basic base64(user:pass)` header,
 * whose parts are the password and its base64 at every alignment, masked on their own). Non-secret
 * fields (a user name, a client id) are not masked: they are shown by `secrets.list` anyway.
 */
export function secretMaskEntries(values: Record<string, SecretValue>): SecretToMask[] {
  const entries: SecretToMask[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === "string") {
      entries.push({ name, value });
      continue;
    }
    for (const field of secretFieldNames(value.type)) {
      const text = value.fields[field];
      if (typeof text === "string" && text !== "") entries.push({ name: `${name}.${field}`, value: text });
    }
  }
  return entries;
}
