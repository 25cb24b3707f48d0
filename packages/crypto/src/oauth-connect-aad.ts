import { CryptoError } from "./errors";
import { isAadId } from "./secret-aad";

/**
 * The aad of the two envelopes of an OAuth2 authorization-code connect, sealed by the API (which
 * cannot open them) and opened by the runner: `start` holds `{ clientSecret?, codeVerifier }`
 * (sealed at `oauth.start`), `code` the authorization code (sealed at the callback). Bound to the
 * owner and the connect row, so neither can be moved to another user's or another connect's row.
 *
 * @example
 * const aad = buildOAuthConnectAad({ userId, connectId, part: "code" });
 */
export function buildOAuthConnectAad({
  userId,
  connectId,
  part,
}: {
  userId: string;
  connectId: string;
  part: "start" | "code";
}): string {
  if (!isAadId(userId) || !isAadId(connectId)) {
    throw new CryptoError("malformed", "aad ids must be non-empty and must not contain '|' or '='");
  }
  return `wfs/oauth-connect|user=${userId}|connect=${connectId}|part=${part}`;
}
