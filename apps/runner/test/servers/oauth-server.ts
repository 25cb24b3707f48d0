/// <reference path="./oidc-provider.d.ts" />
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/**
 * A real OAuth 2.0 server for the tests: `oidc-provider` 9.13.3 on 127.0.0.1 with refresh-token
 * rotation on (a used refresh token is rejected, and presenting it again revokes the whole grant),
 * short access-token lifetimes, an authorization-code client with PKCE and a client-credentials
 * client, plus a protected resource that checks the tokens it is given. Reusable: the runner's
 * tests start it in their global setup, and any other suite can start its own.
 *
 * Routes besides the provider's own (`/auth`, `/token`, `/token/revocation`, …):
 * - `GET /resource`: 200 `{ ok, sub }` for a live access token in `Authorization: Bearer`, else 401;
 *   `GET /resource?soft=1` answers an invalid token with 200 `{ "error": "TOKEN_EXPIRED" }` instead
 *   (a service that signals expiry in a 200 body);
 * - `POST /__mint` `{ client? }`: a new grant for `user-1` and its refresh token (what a finished
 *   authorization-code connect would hold);
 * - `POST /__authorize` `{ url }`: plays the browser: opens the authorize URL, signs in as `user-1`,
 *   consents, and answers the final redirect (`redirect_uri?code=…&state=…`);
 * - `POST /__revoke` `{ refreshToken }`: revokes that token's whole grant (the user disconnected the app);
 * - `POST /__kill-access` `{ accessToken }`: makes one access token invalid before its expiry;
 * - `GET /__log`, `DELETE /__log`: every token request (grant type, refresh token presented, status,
 *   OAuth error) and every resource request (token, status).
 */
export type OAuthServerOptions = {
  /** Redirect URIs of the authorization-code client `app`. */
  redirectUris?: string[];
  /** Access-token lifetime in seconds of `app` (authorization code / refresh) and of `machine` (client credentials). */
  accessTokenTtl?: number;
};

export type TokenRequestLog = {
  grant: string;
  refreshToken?: string;
  code?: string;
  status: number;
  error?: string;
  /** What a successful request was given. */
  issued?: { accessToken?: string; refreshToken?: string };
};
export type ResourceLog = { token: string; status: number; idempotencyKey?: string };

export const OAUTH_CLIENTS = {
  app: { id: "app", secret: `app-secret-${randomBytes(12).toString("hex")}` },
  machine: { id: "machine", secret: `machine-secret-${randomBytes(12).toString("hex")}` },
} as const;

export async function startOAuthServer(options: OAuthServerOptions = {}) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const ttl = options.accessTokenTtl ?? 2;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OAUTH_CLIENTS.app.id,
        client_secret: OAUTH_CLIENTS.app.secret,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: options.redirectUris ?? ["http://127.0.0.1:9/callback"],
        token_endpoint_auth_method: "client_secret_basic",
      },
      {
        client_id: OAUTH_CLIENTS.machine.id,
        client_secret: OAUTH_CLIENTS.machine.secret,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-rsa", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
    },
    pkce: { required: () => true },
    scopes: ["openid", "offline_access"],
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 600,
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
  });
  const tokenRequests: TokenRequestLog[] = [];
  const resourceRequests: ResourceLog[] = [];
  const killed = new Set<string>();
  const handle = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    const route = routes[`${req.method} ${url.pathname}`];
    if (route) {
      readBody(req)
        .then((body) => route(req, res, body, url))
        .catch((error: unknown) => send(res, 500, { error: String(error) }));
      return;
    }
    if (url.pathname.startsWith("/interaction/")) {
      finishInteraction(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
      return;
    }
    handle(req, res);
  });

  type GrantContext = { oidc?: { params?: Record<string, unknown> }; body?: Record<string, unknown> };
  const logGrant = (ctx: GrantContext, status: number, error?: string) => {
    const params = ctx.oidc?.params ?? {};
    const entry: TokenRequestLog = { grant: String(params.grant_type ?? ""), status };
    if (typeof params.refresh_token === "string") entry.refreshToken = params.refresh_token;
    if (typeof params.code === "string") entry.code = params.code;
    if (error) entry.error = error;
    const body = ctx.body ?? {};
    if (status === 200) {
      entry.issued = {
        ...(typeof body.access_token === "string" ? { accessToken: body.access_token } : {}),
        ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
      };
    }
    tokenRequests.push(entry);
  };
  provider.on("grant.success", (ctx) => logGrant(ctx as GrantContext, 200));
  provider.on("grant.error", (ctx, error) => {
    const { error: code, statusCode } = error as { error?: string; statusCode?: number };
    logGrant(ctx as GrantContext, statusCode ?? 400, code);
  });

  async function finishInteraction(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: "user-1" } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const grant = new provider.Grant({ accountId: "user-1", clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? "openid offline_access"));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function liveToken(token: string) {
    if (!token || killed.has(token)) return undefined;
    const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
    return found && !found.isExpired ? found : undefined;
  }

  type Route = (req: IncomingMessage, res: ServerResponse, body: string, url: URL) => Promise<void> | void;
  const routes: Record<string, Route> = {
    "GET /resource": async (req, res, _body, url) => {
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const found = await liveToken(token);
      const status = found ? 200 : url.searchParams.get("soft") ? 200 : 401;
      const idempotencyKey = req.headers["idempotency-key"];
      resourceRequests.push({
        token,
        status: found ? 200 : 401,
        ...(typeof idempotencyKey === "string" ? { idempotencyKey } : {}),
      });
      if (found) return send(res, 200, { ok: true, sub: found.accountId ?? found.clientId });
      if (status === 200) return send(res, 200, { error: "TOKEN_EXPIRED" });
      res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
      return send(res, 401, { error: "invalid_token" });
    },
    "POST /__mint": async (_req, res, body) => {
      const clientId = (JSON.parse(body || "{}") as { client?: string }).client ?? OAUTH_CLIENTS.app.id;
      const grant = new provider.Grant({ accountId: "user-1", clientId });
      grant.addOIDCScope("openid offline_access");
      const grantId = await grant.save();
      const client = await provider.Client.find(clientId);
      const refreshToken = await new provider.RefreshToken({
        accountId: "user-1",
        client,
        grantId,
        gty: "authorization_code",
        scope: "openid offline_access",
      }).save();
      send(res, 200, { refreshToken, grantId });
    },
    "POST /__authorize": async (_req, res, body) => {
      const { url } = JSON.parse(body) as { url: string };
      send(res, 200, { location: await playBrowser(url) });
    },
    "POST /__revoke": async (_req, res, body) => {
      const { refreshToken } = JSON.parse(body) as { refreshToken: string };
      const token = await provider.RefreshToken.find(refreshToken);
      if (token?.grantId) await (await provider.Grant.find(token.grantId))?.destroy();
      await token?.destroy();
      send(res, 200, { revoked: Boolean(token) });
    },
    "POST /__kill-access": (_req, res, body) => {
      killed.add((JSON.parse(body) as { accessToken: string }).accessToken);
      send(res, 200, { ok: true });
    },
    "GET /__log": (_req, res) => send(res, 200, { tokenRequests, resourceRequests }),
    "DELETE /__log": (_req, res) => {
      tokenRequests.length = 0;
      resourceRequests.length = 0;
      send(res, 200, { ok: true });
    },
  };

  /** Follows the authorization flow as a browser would (cookies kept), until it leaves the issuer. */
  async function playBrowser(start: string): Promise<string> {
    const cookies = new Map<string, string>();
    let next = start;
    for (let hop = 0; hop < 12; hop++) {
      const response = await fetch(next, {
        redirect: "manual",
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const at = (pair ?? "").indexOf("=");
        if (at > 0) cookies.set((pair as string).slice(0, at), (pair as string).slice(at + 1));
      }
      const location = response.headers.get("location");
      await response.body?.cancel();
      if (!location) throw new Error(`the authorization flow stopped at ${response.status}`);
      const target = new URL(location, next).toString();
      if (!target.startsWith(issuer)) return target;
      next = target;
    }
    throw new Error("the authorization flow did not end");
  }

  return {
    issuer,
    port,
    server,
    tokenUrl: `${issuer}/token`,
    authorizeUrl: `${issuer}/auth`,
    resourceUrl: `${issuer}/resource`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;

function send(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
