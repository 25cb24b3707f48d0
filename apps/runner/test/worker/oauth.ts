import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { secrets } from "@workflow-secrets/db";
import type { SecretFields } from "@workflow-secrets/secret-rules";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../src/env";
import runner from "../../src/index";
import { loadCredentialRow, openCredential } from "../../src/oauth/credential-row";
import { db } from "./seed";
import { putTypedSecret } from "./seed-typed";

/** The test OAuth server (test/servers/oauth-server.ts), as Worker code reaches it. */
export const oauthUrl = `http://127.0.0.1:${env.OAUTH_PORT}`;
export const oauthClients = JSON.parse(env.OAUTH_CLIENTS) as Record<
  "app" | "machine",
  { id: string; secret: string }
>;
export const tokenUrl = `${oauthUrl}/token`;
export const resourceUrl = `${oauthUrl}/resource`;

export type OAuthLog = {
  tokenRequests: {
    grant: string;
    refreshToken?: string;
    code?: string;
    status: number;
    error?: string;
    issued?: { accessToken?: string; refreshToken?: string };
  }[];
  resourceRequests: { token: string; status: number; idempotencyKey?: string }[];
};

const post = async (path: string, body: unknown) =>
  (await fetch(`${oauthUrl}${path}`, { method: "POST", body: JSON.stringify(body) })).json();

/** A refresh token for a new grant of `user-1` to the `app` client. */
export async function mintRefreshToken(): Promise<string> {
  return ((await post("/__mint", {})) as { refreshToken: string }).refreshToken;
}

export const revokeGrant = (refreshToken: string) => post("/__revoke", { refreshToken });
export const killAccessToken = (accessToken: string) => post("/__kill-access", { accessToken });

export async function oauthLog(): Promise<OAuthLog> {
  return (await fetch(`${oauthUrl}/__log`)).json() as Promise<OAuthLog>;
}

/** An oauth2 secret of the `app` client holding a minted refresh token (no access token yet). */
export async function putAppCredential(userId: string, name: string, extra: SecretFields = {}) {
  const refreshToken = await mintRefreshToken();
  const fields = {
    tokenUrl,
    clientId: oauthClients.app.id,
    clientSecret: oauthClients.app.secret,
    grant: "refresh_token",
    refreshToken,
    ...extra,
  };
  const { id } = await putTypedSecret(userId, name, "oauth2", fields);
  return { id, refreshToken, fields };
}

/** The credential's fields as stored now (the runner's view). */
export async function storedCredential(secretId: string) {
  const row = await loadCredentialRow(db, secretId);
  if (!row) throw new Error("no credential row");
  return { row, fields: await openCredential(row, loadConfig(env).keyring) };
}

export async function needsReconnectAt(secretId: string) {
  const row = await db
    .select({ at: secrets.needsReconnectAt })
    .from(secrets)
    .where(eq(secrets.id, secretId))
    .get();
  return row?.at ?? null;
}

/** Delivers many runs in one Queue batch: the consumer runs them concurrently. */
export async function deliverRunsTogether(runIds: string[]) {
  const batch = createMessageBatch(
    "workflow-secrets-runs",
    runIds.map((runId) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { runId } })),
  );
  const ctx = createExecutionContext();
  await (runner as ExportedHandler<Env>).queue?.(batch, env, ctx);
  return getQueueResult(batch, ctx);
}
