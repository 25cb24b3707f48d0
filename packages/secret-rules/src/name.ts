/** Longest secret name, in characters (the pattern below spells the same limit). */
export const SECRET_NAME_MAX_LENGTH = 64;

/**
 * A secret name without anchors, for finding names inside longer text such as `{{secrets.NAME}}`
 * (combine with a boundary of your own). The anchored form is {@link SECRET_NAME_PATTERN}.
 */
export const SECRET_NAME_SOURCE = "[A-Za-z_][A-Za-z0-9_]{0,63}";

/** The contract's name rule: what may follow `secrets.` in a template. */
export const SECRET_NAME_PATTERN = new RegExp(`^${SECRET_NAME_SOURCE}$`);

/** What a user should do to make a name valid, in one sentence. */
export const SECRET_NAME_RULE = "Use letters, digits and _ only, starting with a letter or _ (max 64).";

export type SecretNameProblem = "empty" | "too-long" | "starts-with-digit" | "invalid-character";

export type SecretNameCheck = { ok: true } | { ok: false; problem: SecretNameProblem; message: string };

/** Checks a name against the rule; the message names the problem and what to do about it. */
export function validateSecretName(name: string): SecretNameCheck {
  if (SECRET_NAME_PATTERN.test(name)) return { ok: true };
  if (name.length === 0) return { ok: false, problem: "empty", message: "Give the secret a name." };
  if (/^[A-Za-z0-9_]+$/.test(name) && name.length > SECRET_NAME_MAX_LENGTH) {
    return {
      ok: false,
      problem: "too-long",
      message: `Shorten the name to ${SECRET_NAME_MAX_LENGTH} characters or fewer.`,
    };
  }
  if (/^[0-9]/.test(name)) {
    return {
      ok: false,
      problem: "starts-with-digit",
      message: `Start the name with a letter or _. ${SECRET_NAME_RULE}`,
    };
  }
  return { ok: false, problem: "invalid-character", message: SECRET_NAME_RULE };
}

/**
 * Turns free text ("Stripe live key", a page label, a site name) into a valid name
 * ("stripe_live_key"); "secret" when nothing usable is left.
 */
export function toSecretName(text: string): string {
  const cleaned = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, SECRET_NAME_MAX_LENGTH)
    .replace(/_+$/, "");
  if (cleaned.length === 0) return "secret";
  return /^[0-9]/.test(cleaned) ? `_${cleaned}`.slice(0, SECRET_NAME_MAX_LENGTH) : cleaned;
}

/** What a workflow writes to use the secret. */
export function secretReference(name: string): string {
  return `{{secrets.${name}}}`;
}
