import type { OpenedSecret } from "./resolve-secrets";

/** The first secret (by name) whose version in use has expired at `now`, if any. */
export function expiredSecretOf(opened: readonly OpenedSecret[], now: Date): OpenedSecret | undefined {
  return [...opened]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .find((s) => s.expiresAt !== null && Date.parse(s.expiresAt) <= now.getTime());
}

/** The run's error: names the secret, its version and when it expired, and what to do. */
export function expiredSecretMessage(secret: OpenedSecret): string {
  return `secret "${secret.name}" (v${secret.version}) expired at ${secret.expiresAt}: nothing was sent; save a new value (secrets.update) or roll back to a version that has not expired, then run the workflow again`;
}
