import type { SecretSummary } from "../lib/api-types";

/** The type of a typed secret, and an OAuth2 credential's state: connected, or needs reconnecting. */
export function SecretTypeBadges({ secret }: { secret: SecretSummary }) {
  if (secret.type === "text") return null;
  return (
    <>
      <span class="chip" data-testid="secret-type">
        {secret.type}
      </span>
      {secret.type === "oauth2" &&
        (secret.needsReconnect ? (
          <span class="chip warn" title="A refresh was refused: connect the account again">
            needs reconnect
          </span>
        ) : (
          <span class="chip">connected</span>
        ))}
    </>
  );
}

/** A typed secret's non-secret fields (user name, client id, token URL, scopes, expiry). */
export function PublicFields({ fields }: { fields: Record<string, string> }) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <p class="small muted" data-testid="secret-fields">
      {entries.map(([name, value]) => `${name}: ${value}`).join(" · ")}
    </p>
  );
}

/** What to do about a credential whose refresh was refused. */
export function ReconnectHint({ secret }: { secret: SecretSummary }) {
  if (!secret.needsReconnect) return null;
  return (
    <p class="small warning" role="note">
      A token refresh was refused (revoked or expired access): choose Rotate, then Connect, to connect the
      account again. Runs that use it fail until then.
    </p>
  );
}
