import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type SlowServiceRequest = { path: string; idempotencyKey: string | undefined; authorization?: string };

/**
 * A service whose `/hang/<name>` never answers the first request it gets (it stays in flight until
 * the caller goes away) and answers every later one at once; any other path answers at once. It
 * records every request that arrived, so a test can count sends and compare Idempotency-Keys.
 */
export async function startSlowService(): Promise<{
  url: string;
  received: SlowServiceRequest[];
  close(): Promise<void>;
}> {
  const received: SlowServiceRequest[] = [];
  const hung = new Set<string>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    received.push({
      path,
      idempotencyKey: request.headers["idempotency-key"] as string | undefined,
      authorization: request.headers.authorization,
    });
    request.resume();
    if (path.startsWith("/hang/") && !hung.has(path)) {
      hung.add(path);
      return; // in flight until the caller's process dies
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, path }));
  });
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
