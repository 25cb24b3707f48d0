import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { buildOAuthConnectAad, sealSecret, toBase64Url } from "@workflow-secrets/crypto";
import { oauthConnects, secrets } from "@workflow-secrets/db";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import {
  oauthClients,
  oauthLog,
  oauthUrl,
  resourceUrl,
  storedCredential,
  tokenUrl,
} from "../../test/worker/oauth";
import { runView } from "../../test/worker/run-view";
import { db, queueRun, sealingPublicKey, seedUser, seedWorkflow, uid } from "../../test/worker/seed";
import runner from "../index";

const REDIRECT_URI = "http://127.0.0.1:9/callback";
const random = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

/** What `oauth.start` and the callback store (apps/api/src/oauth), with a code from a real authorization. */
async function connectAsTheApiWould(userId: string, secretName: string) {
  const connectId = uid("oac");
  const codeVerifier = random();
  const challenge = toBase64Url(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(codeVerifier))),
  );
  const state = random();
  const authorize = new URL(`${oauthUrl}/auth`);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id: oauthClients.app.id,
    redirect_uri: REDIRECT_URI,
    scope: "openid offline_access",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    prompt: "consent",
  })) {
    authorize.searchParams.set(k, v);
  }
  const { location } = (await (
    await fetch(`${oauthUrl}/__authorize`, {
      method: "POST",
      body: JSON.stringify({ url: authorize.toString() }),
    })
  ).json()) as { location: string };
  const back = new URL(location);
  expect(back.searchParams.get("state")).toBe(state);
  const code = back.searchParams.get("code") as string;
  const aad = (part: "start" | "code") => buildOAuthConnectAad({ userId, connectId, part });
  await db.insert(oauthConnects).values({
    id: connectId,
    userId,
    secretName,
    stateHash: `hash-${connectId}`,
    config: {
      tokenUrl,
      clientId: oauthClients.app.id,
      redirectUri: REDIRECT_URI,
      scope: "openid offline_access",
    },
    envelope: await sealSecret(
      JSON.stringify({
        codeVerifier,
        clientSecret: oauthClients.app.secret,
        tokenUrl,
        clientId: oauthClients.app.id,
        redirectUri: REDIRECT_URI,
        scope: "openid offline_access",
      }),
      { publicKey: sealingPublicKey, aad: aad("start") },
    ),
    codeEnvelope: await sealSecret(code, { publicKey: sealingPublicKey, aad: aad("code") }),
    status: "code_received",
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  });
  return { connectId, code };
}

async function deliverConnect(oauthConnectId: string) {
  const batch = createMessageBatch("workflow-secrets-runs", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { oauthConnectId } },
  ]);
  const ctx = createExecutionContext();
  await (runner as ExportedHandler<Env>).queue?.(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("OAuth2 connect: the runner exchanges the code the API sealed", () => {
  it("exchanges an authorization code with PKCE, stores the tokens sealed, and a step can use them", async () => {
    const user = await seedUser();
    const { connectId, code } = await connectAsTheApiWould(user, "crm");
    await deliverConnect(connectId);
    const connect = await db.select().from(oauthConnects).where(eq(oauthConnects.id, connectId)).get();
    expect(connect).toMatchObject({ status: "connected", error: null, envelope: "", codeEnvelope: null });
    const exchange = (await oauthLog()).tokenRequests.filter((r) => r.code === code);
    expect(exchange).toEqual([expect.objectContaining({ grant: "authorization_code", status: 200 })]);

    const row = await db
      .select()
      .from(secrets)
      .where(and(eq(secrets.userId, user), eq(secrets.name, "crm")))
      .get();
    expect(row).toMatchObject({ type: "oauth2", version: 1, needsReconnectAt: null });
    expect(row?.publicFields).toMatchObject({
      clientId: oauthClients.app.id,
      grant: "refresh_token",
      tokenUrl,
    });
    const { fields } = await storedCredential(row?.id as string);
    expect(fields.refreshToken).toBe(exchange[0]?.issued?.refreshToken);

    // A redelivered message does nothing: the row was claimed.
    await deliverConnect(connectId);
    expect((await oauthLog()).tokenRequests.filter((r) => r.code === code)).toHaveLength(1);

    const { id } = await seedWorkflow(user, {
      name: "w",
      trigger: { type: "manual" },
      steps: [
        {
          id: "call",
          type: "http",
          url: resourceUrl,
          headers: { Authorization: "Bearer {{secrets.crm.accessToken}}" },
        },
      ],
    });
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    expect((await runView(runId)).status).toBe("succeeded");

    const issued = exchange[0]?.issued ?? {};
    const canaries = [code, oauthClients.app.secret, issued.accessToken, issued.refreshToken].filter(
      (v): v is string => typeof v === "string",
    );
    expect(findLeaks(await dumpDatabase(), canaries)).toEqual([]);
  });

  it("sends the code only to the sealed token URL: a token URL edited in D1 is ignored", async () => {
    const user = await seedUser();
    const { connectId, code } = await connectAsTheApiWould(user, "crm");
    // A D1 writer points the displayed config at a server of theirs.
    await db
      .update(oauthConnects)
      .set({ config: { tokenUrl: "http://127.0.0.1:9/steal", clientId: "x", redirectUri: REDIRECT_URI } })
      .where(eq(oauthConnects.id, connectId));
    await deliverConnect(connectId);
    const after = await db.select().from(oauthConnects).where(eq(oauthConnects.id, connectId)).get();
    expect(after?.status).toBe("connected");
    expect((await oauthLog()).tokenRequests.filter((r) => r.code === code)).toHaveLength(1);
  });

  it("a code the server refuses marks the connect failed with what to do, and stores nothing", async () => {
    const user = await seedUser();
    const { connectId } = await connectAsTheApiWould(user, "crm");
    // The sealed code is replaced by one the server never issued (or one already used): it refuses it.
    const wrongCode = await sealSecret("not-a-real-code-1234567890", {
      publicKey: sealingPublicKey,
      aad: buildOAuthConnectAad({ userId: user, connectId, part: "code" }),
    });
    await db.update(oauthConnects).set({ codeEnvelope: wrongCode }).where(eq(oauthConnects.id, connectId));
    await deliverConnect(connectId);
    const after = await db.select().from(oauthConnects).where(eq(oauthConnects.id, connectId)).get();
    expect(after?.status).toBe("failed");
    expect(after?.error).toBe("the token endpoint answered 400 invalid_grant: start the connection again");
    const row = await db
      .select()
      .from(secrets)
      .where(and(eq(secrets.userId, user), eq(secrets.name, "crm")))
      .get();
    expect(row).toBeUndefined();
  });
});
