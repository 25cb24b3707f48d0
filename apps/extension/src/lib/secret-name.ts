/**
 * Mirror of SECRET_NAME_PATTERN in @workflow-secrets/templating. The popup keeps its own copy so its
 * bundle does not pull in zod; secret-name.test.ts fails if the two ever drift apart.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type NameCheck =
  | { ok: true }
  | { ok: false; reason: "empty" | "invalid"; message: string }
  | { ok: false; reason: "exists"; message: string };

/** Live check for the capture form: the name rule first, then collisions with saved names. */
export function checkSecretName(name: string, existingNames: Iterable<string>): NameCheck {
  if (name.length === 0) return { ok: false, reason: "empty", message: "Give the secret a name." };
  if (!SECRET_NAME_PATTERN.test(name)) {
    return {
      ok: false,
      reason: "invalid",
      message: "Use letters, digits and _ only, starting with a letter or _ (max 64).",
    };
  }
  for (const existing of existingNames) {
    if (existing === name)
      return { ok: false, reason: "exists", message: `"${name}" exists — rotate instead?` };
  }
  return { ok: true };
}

/** Turns free text ("Stripe live key") into a valid name ("stripe_live_key"). */
export function toSecretName(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 64);
  if (cleaned.length === 0) return "secret";
  return /^[0-9]/.test(cleaned) ? `_${cleaned}`.slice(0, 64) : cleaned;
}

/** What a workflow writes to use the secret. */
export function secretReference(name: string): string {
  return `{{secrets.${name}}}`;
}
