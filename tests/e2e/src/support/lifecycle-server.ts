import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";

export type SeenRequest = { path: string; authorization: string | undefined };

/**
 * A service for the secret-lifecycle tests, started by the test file itself on 127.0.0.1:
 * - `/hold/<key>`: answers only once the test calls `release(key)` (a run paused mid-step);
 * - `/remember/<key>`: 200 with every Authorization it ever got on `/…/<key>` (a service that still
 *   echoes the previous key);
 * - `/status/<code>`: that status (401 for a refused key);
 * - `/issue`: 200 with a freshly issued Stripe-style live key and a session JWT, as a provisioning API
 *   answers; `issued` holds them for the test.
 */
export async function startLifecycleServer() {
  const seen: SeenRequest[] = [];
  const held = new Map<string, () => void>();
  const releases = new Map<string, () => void>();
  const issued: { key: string; jwt: string }[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    const [, route, key] = path.split("/");
    seen.push({ path, authorization: request.headers.authorization });
    request.resume();
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (route === "hold" && key) {
      const answer = () => json(200, { released: true });
      if (releases.has(key)) return answer();
      held.set(key, answer);
      return;
    }
    if (route === "remember" && key) {
      const mine = seen.filter((s) => s.path.endsWith(`/${key}`)).map((s) => s.authorization);
      return json(200, { seen: mine });
    }
    if (route === "status") return json(Number(key) || 500, { error: "refused" });
    if (route === "issue") {
      const fresh = { key: `sk_live_${alphanumeric(32)}`, jwt: sessionJwt() };
      issued.push(fresh);
      return json(200, { object: "api_key", secret: fresh.key, session: { token: fresh.jwt } });
    }
    json(404, { error: "no such route" });
  });
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    issued,
    /** Lets a held request (and any later one for the key) answer. */
    release(key: string) {
      const answer = () => held.get(key)?.();
      releases.set(key, answer);
      answer();
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function alphanumeric(n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An HS256-looking JWT with random claims and signature (never verified by anyone). */
export function sessionJwt(claims: Record<string, unknown> = {}): string {
  const payload = { sub: `usr_${alphanumeric(12)}`, exp: Math.floor(Date.now() / 1000) + 3600, ...claims };
  return `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(payload)}.${randomBytes(32).toString("base64url")}`;
}
