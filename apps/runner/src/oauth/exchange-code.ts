import {
  buildOAuthConnectAad,
  canonicalPolicy,
  openSecret,
  type SealingPrivateKey,
  sealSecret,
  secretAadForRow,
  toPublicKey,
} from "@workflow-secrets/crypto";
import { type Db, newId } from "@workflow-secrets/db";
import {
  createPreview,
  encodeSecretFields,
  previewSource,
  publicSecretFields,
  type SecretFields,
} from "@workflow-secrets/secret-rules";
import type { Logger } from "../log/masked-logger";
import { loadCredentialRow } from "./credential-row";
import { storeRefreshedTokens } from "./store-tokens";
import { requestTokens } from "./token-endpoint";

/** A connect creates an unrestricted credential, as secrets.create does until destinations are chosen. */
const CONNECTED_POLICY = canonicalPolicy({ destinations: ["*"], scripts: true });

type ConnectRow = {
  id: string;
  user_id: string;
  secret_name: string;
  envelope: string;
  code_envelope: string;
};

/**
 * Finishes an authorization-code connect (the API received the code and sealed it): claims the row
 * (code_received → exchanging, so a redelivered message does nothing), opens the PKCE verifier,
 * client secret and code, exchanges them at the token endpoint, and stores the tokens as the
 * `oauth2` secret (a new one, or version + 1 of the one being reconnected). The sealed inputs are
 * deleted either way; a failure is recorded on the row for `oauth.status`, naming no value.
 */
export async function exchangeConnectCode(
  db: Db,
  keyring: readonly SealingPrivateKey[],
  connectId: string,
  deps: { allowPrivateNetwork: boolean; logger: Logger },
): Promise<void> {
  const d1 = db.$client;
  const row = await d1
    .prepare(
      `UPDATE oauth_connects SET status = 'exchanging' WHERE id = ?1 AND status = 'code_received'
       RETURNING id, user_id, secret_name, envelope, code_envelope`,
    )
    .bind(connectId)
    .first<ConnectRow>();
  if (!row) return;
  const finish = (status: "connected" | "failed", error: string | null) =>
    d1
      .prepare(
        "UPDATE oauth_connects SET status = ?1, error = ?2, envelope = '', code_envelope = NULL WHERE id = ?3",
      )
      .bind(status, error, row.id)
      .run();
  // Only the sealed copy is trusted: the `config` column is for display and a D1 writer could edit it.
  let start: Record<string, string>;
  let code: string;
  try {
    const aad = (part: "start" | "code") =>
      buildOAuthConnectAad({ userId: row.user_id, connectId: row.id, part });
    start = JSON.parse(await openSecret(row.envelope, { keyring, aad: aad("start") }));
    code = await openSecret(row.code_envelope, { keyring, aad: aad("code") });
  } catch {
    await finish("failed", "the connect's sealed data could not be opened: start the connection again");
    deps.logger.warn("oauth connect failed: sealed data did not open", { connectId });
    return;
  }
  const client: SecretFields = {
    tokenUrl: start.tokenUrl ?? "",
    clientId: start.clientId ?? "",
    ...(start.clientSecret ? { clientSecret: start.clientSecret } : {}),
  };
  const result = await requestTokens(
    client,
    {
      grant: "authorization_code",
      code,
      codeVerifier: start.codeVerifier ?? "",
      redirectUri: start.redirectUri ?? "",
    },
    deps,
  );
  if (!result.ok) {
    await finish("failed", `${result.reason}: start the connection again`);
    deps.logger.warn("oauth connect failed at the token endpoint", { connectId, reason: result.reason });
    return;
  }
  const fields: SecretFields = {
    ...client,
    grant: "refresh_token",
    accessToken: result.accessToken,
    ...(result.refreshToken ? { refreshToken: result.refreshToken } : {}),
    ...(result.expiresIn ? { expiresAt: new Date(Date.now() + result.expiresIn * 1000).toISOString() } : {}),
    ...(start.scope || result.scope ? { scope: result.scope ?? start.scope ?? "" } : {}),
    ...(start.expiredBodyContains ? { expiredBodyContains: start.expiredBodyContains } : {}),
  };
  const stored = await storeConnected(db, keyring, row.user_id, row.secret_name, fields);
  await finish(
    stored ? "connected" : "failed",
    stored ? null : "the tokens could not be stored: start the connection again",
  );
  deps.logger.info(stored ? "oauth connect stored" : "oauth connect could not be stored", { connectId });
}

async function storeConnected(
  db: Db,
  keyring: readonly SealingPrivateKey[],
  userId: string,
  name: string,
  fields: SecretFields,
): Promise<boolean> {
  const d1 = db.$client;
  const existing = await d1
    .prepare("SELECT id, type FROM secrets WHERE user_id = ?1 AND name = ?2")
    .bind(userId, name)
    .first<{ id: string; type: string }>();
  if (existing) {
    if (existing.type !== "oauth2") return false;
    const row = await loadCredentialRow(db, existing.id);
    return row ? storeRefreshedTokens(db, keyring, row, fields, undefined, "secret.connected") : false;
  }
  const newest = keyring[0];
  if (!newest) return false;
  const publicKey = toPublicKey(newest);
  const id = newId("secret");
  const now = new Date().toISOString();
  const envelope = await sealSecret(encodeSecretFields("oauth2", fields), {
    publicKey,
    aad: secretAadForRow({ userId, secretId: id, version: 1, type: "oauth2", policy: CONNECTED_POLICY }),
  });
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO secrets (id, user_id, name, envelope, kid, preview, version, created_at, updated_at, type, policy, public_fields, updated_by)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7, 'oauth2', ?8, ?9, 'runner'
         WHERE (SELECT count(*) FROM secrets WHERE user_id = ?2) < 1000
         ON CONFLICT DO NOTHING RETURNING id`,
      )
      .bind(
        id,
        userId,
        name,
        envelope,
        publicKey.kid,
        createPreview(previewSource("oauth2", fields) ?? ""),
        now,
        CONNECTED_POLICY,
        JSON.stringify(publicSecretFields("oauth2", fields)),
      ),
    d1
      .prepare(
        `INSERT INTO audit_events (id, user_id, action, secret_name, actor, created_at)
         SELECT ?1, ?2, 'secret.connected', ?3, 'runner', ?4 WHERE EXISTS (SELECT 1 FROM secrets WHERE id = ?5)`,
      )
      .bind(newId("audit"), userId, name, now, id),
  ]);
  return (inserted?.results.length ?? 0) === 1;
}
