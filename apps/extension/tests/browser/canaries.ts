import { randomBytes } from "node:crypto";

/**
 * A random value shaped like a real credential, so format detection and naming kick in. The leak
 * search is @workflow-secrets/leak-oracle's `findLeaks`.
 */
export function canary(prefix: "sk_live_" | "ghp_"): string {
  const length = prefix === "ghp_" ? 36 : 28;
  return prefix + randomBytes(32).toString("base64url").replace(/[-_]/g, "x").slice(0, length);
}
