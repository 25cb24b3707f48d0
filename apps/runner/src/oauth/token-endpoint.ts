import type { SecretFields } from "@workflow-secrets/secret-rules";
import { nonPublicReason } from "../egress/address-class";
import { describeError } from "../steps/step-outcome";

export type TokenGrant =
  | { grant: "refresh_token"; refreshToken: string }
  | { grant: "client_credentials" }
  | { grant: "authorization_code"; code: string; codeVerifier: string; redirectUri: string };

export type TokenResult =
  | { ok: true; accessToken: string; refreshToken?: string; expiresIn?: number; scope?: string }
  /** `refused`: the server said no (revoked grant, invalid client): only a reconnect helps. */
  | { ok: false; kind: "refused" | "unavailable"; reason: string };

/** OAuth error codes (RFC 6749 §5.2) after which retrying the same request cannot succeed. */
const REFUSALS = new Set([
  "invalid_grant",
  "invalid_client",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
]);
const TIMEOUT_MS = 15_000;

/**
 * One request to a credential's token endpoint (RFC 6749 §4.1.3, §4.4, §6). The client
 * authenticates with HTTP Basic when it has a secret, else sends `client_id` (a public client).
 * The answer is returned UNMASKED: callers seal it or pass it through the run's masker; the
 * reason of a failure is only the OAuth error code or the HTTP status, never the body.
 */
export async function requestTokens(
  fields: SecretFields,
  grant: TokenGrant,
  egress: { allowPrivateNetwork: boolean },
): Promise<TokenResult> {
  const tokenUrl = fields.tokenUrl ?? "";
  let host: string;
  try {
    host = new URL(tokenUrl).hostname;
  } catch {
    return { ok: false, kind: "refused", reason: "the token URL is not a URL" };
  }
  const refused = egress.allowPrivateNetwork ? undefined : nonPublicReason(host);
  if (refused) return { ok: false, kind: "refused", reason: `the token URL's host ${refused}` };

  const body = new URLSearchParams({ grant_type: grant.grant });
  if (grant.grant === "refresh_token") body.set("refresh_token", grant.refreshToken);
  if (grant.grant === "authorization_code") {
    body.set("code", grant.code);
    body.set("code_verifier", grant.codeVerifier);
    body.set("redirect_uri", grant.redirectUri);
  }
  if (fields.scope && grant.grant === "client_credentials") body.set("scope", fields.scope);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (fields.clientSecret) {
    // RFC 6749 §2.3.1: both parts form-encoded before base64.
    const user = formEncode(fields.clientId ?? "");
    headers.authorization = `Basic ${btoa(`${user}:${formEncode(fields.clientSecret)}`)}`;
  } else {
    body.set("client_id", fields.clientId ?? "");
  }

  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: "POST",
      headers,
      body: body.toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return {
      ok: false,
      kind: "unavailable",
      reason: `the token endpoint could not be reached (${describeError(error)})`,
    };
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON: judged by the status alone.
  }
  if (response.ok && typeof json.access_token === "string" && json.access_token !== "") {
    const expiresIn = Number(json.expires_in);
    return {
      ok: true,
      accessToken: json.access_token,
      ...(typeof json.refresh_token === "string" && json.refresh_token
        ? { refreshToken: json.refresh_token }
        : {}),
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresIn } : {}),
      ...(typeof json.scope === "string" ? { scope: json.scope } : {}),
    };
  }
  const code = typeof json.error === "string" && /^[\w.-]{1,64}$/.test(json.error) ? json.error : undefined;
  const reason = `the token endpoint answered ${response.status}${code ? ` ${code}` : ""}`;
  const isRefusal = (code !== undefined && REFUSALS.has(code)) || response.status === 401;
  return { ok: false, kind: isRefusal ? "refused" : "unavailable", reason };
}

function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}
