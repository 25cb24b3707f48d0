import { env } from "cloudflare:workers";
import { buildOAuthConnectAad, openSecret, parsePrivateKeyring } from "@workflow-secrets/crypto";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { API_URL, expectApiError, recordingFetch, responseBodies, signUpUser } from "../../test/api";
import { dumpAllTables, queryRows } from "../../test/db-dump";
import { queuedMessages } from "../../test/webhooks";

const oauthUrl = `http://127.0.0.1:${env.OAUTH_PORT}`;
const clients = JSON.parse(env.OAUTH_CLIENTS) as Record<"app", { id: string; secret: string }>;

const startInput = (secretName: string) => ({
  secretName,
  authorizeUrl: `${oauthUrl}/auth`,
  tokenUrl: `${oauthUrl}/token`,
  clientId: clients.app.id,
  clientSecret: clients.app.secret,
  scope: "openid offline_access",
});

/** The provider's side of the flow, played by the test OAuth server: sign in, consent, redirect back. */
async function approve(authorizeUrl: string): Promise<URL> {
  const url = new URL(authorizeUrl);
  url.searchParams.set("prompt", "consent");
  const response = await fetch(`${oauthUrl}/__authorize`, {
    method: "POST",
    body: JSON.stringify({ url: url.toString() }),
  });
  return new URL(((await response.json()) as { location: string }).location);
}

type ConnectRow = {
  id: string;
  user_id: string;
  status: string;
  envelope: string;
  code_envelope: string | null;
  config: string;
};

describe("oauth.start and the callback route", () => {
  it("starts a PKCE authorization, and the callback seals the code and asks the runner to exchange it", async () => {
    const user = await signUpUser();
    const started = await user.api.oauth.start.mutate(startInput("crm"));
    expect(started.redirectUri).toBe(`${API_URL}/oauth/callback`);
    const authorize = new URL(started.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: "code",
      client_id: clients.app.id,
      redirect_uri: `${API_URL}/oauth/callback`,
      code_challenge_method: "S256",
    });
    expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await user.api.oauth.status.query({ connectId: started.connectId })).toMatchObject({
      status: "pending",
    });

    const back = await approve(started.authorizeUrl);
    expect(`${back.origin}${back.pathname}`).toBe(`${API_URL}/oauth/callback`);
    const code = back.searchParams.get("code") as string;
    expect(code).toBeTruthy();
    const page = await recordingFetch(back.toString());
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain("You can close this tab");

    await expect
      .poll(queuedMessages, { timeout: 20_000 })
      .toContainEqual({ oauthConnectId: started.connectId });
    expect(await user.api.oauth.status.query({ connectId: started.connectId })).toMatchObject({
      status: "code_received",
      secretName: "crm",
    });
    const [row] = await queryRows<ConnectRow>("SELECT * FROM oauth_connects WHERE id = ?", started.connectId);
    const keyring = parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS);
    const aad = (part: "start" | "code") =>
      buildOAuthConnectAad({ userId: user.user.id, connectId: started.connectId, part });
    // Only the runner's key opens what the API sealed: the code, the verifier and the client secret.
    expect(await openSecret(row?.code_envelope as string, { keyring, aad: aad("code") })).toBe(code);
    const start = JSON.parse(await openSecret(row?.envelope as string, { keyring, aad: aad("start") }));
    expect(start.clientSecret).toBe(clients.app.secret);

    // The same callback again (a replayed redirect) is refused.
    const replay = await recordingFetch(back.toString());
    expect(replay.status).toBe(400);

    const canaries = [
      code,
      clients.app.secret,
      start.codeVerifier,
      authorize.searchParams.get("state") as string,
    ];
    expect(findLeaks(JSON.stringify(await dumpAllTables()), canaries)).toEqual([]);
    expect(findLeaks(responseBodies.join("\n"), [code, clients.app.secret, start.codeVerifier])).toEqual([]);
  });

  it("refuses an unknown state, a provider error, another user's connect and a name held by a text secret", async () => {
    const user = await signUpUser();
    const other = await signUpUser();
    const bad = await recordingFetch(`${API_URL}/oauth/callback?code=abc&state=not-a-state`);
    expect(bad.status).toBe(400);
    const started = await user.api.oauth.start.mutate(startInput("crm"));
    const state = new URL(started.authorizeUrl).searchParams.get("state") as string;
    const denied = await recordingFetch(`${API_URL}/oauth/callback?error=access_denied&state=${state}`);
    expect(denied.status).toBe(400);
    expect(await user.api.oauth.status.query({ connectId: started.connectId })).toMatchObject({
      status: "failed",
      error: "the provider did not grant access (access_denied): start the connection again",
    });
    await expectApiError(other.api.oauth.status.query({ connectId: started.connectId }), "NOT_FOUND");
    await user.api.secrets.create.mutate({ name: "plain", value: "plain-value-123" });
    const conflict = await expectApiError(user.api.oauth.start.mutate(startInput("plain")), "CONFLICT");
    expect(conflict.message).toContain('a text secret named "plain" exists');
  });

  it("keeps at most 20 connects waiting per user, and drops finished ones when a new one starts", async () => {
    const user = await signUpUser();
    const first = await user.api.oauth.start.mutate(startInput("crm"));
    const state = new URL(first.authorizeUrl).searchParams.get("state") as string;
    await recordingFetch(`${API_URL}/oauth/callback?error=access_denied&state=${state}`);
    for (let i = 0; i < 20; i++) await user.api.oauth.start.mutate(startInput(`crm_${i}`));
    await expectApiError(user.api.oauth.status.query({ connectId: first.connectId }), "NOT_FOUND");
    const refused = await expectApiError(
      user.api.oauth.start.mutate(startInput("crm_more")),
      "TOO_MANY_REQUESTS",
    );
    expect(refused.message).toContain("already waiting for approval");
  });
});
