import { validateSecretName } from "@workflow-secrets/secret-rules";

export type NameCheck =
  | { ok: true }
  | { ok: false; reason: "empty" | "invalid"; message: string }
  | { ok: false; reason: "exists"; message: string };

/** Live check for the capture form: the name rule (from secret-rules) first, then collisions with saved names. */
export function checkSecretName(name: string, existingNames: Iterable<string>): NameCheck {
  const rule = validateSecretName(name);
  if (!rule.ok)
    return { ok: false, reason: rule.problem === "empty" ? "empty" : "invalid", message: rule.message };
  for (const existing of existingNames) {
    if (existing === name)
      return { ok: false, reason: "exists", message: `"${name}" exists — rotate instead?` };
  }
  return { ok: true };
}
