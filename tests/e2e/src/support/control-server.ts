import { createServer, type Server } from "node:http";
import type { Inbox } from "./inbox";

/**
 * Test-only control plane between globalSetup (which owns the receivers and the stack) and the
 * test files (separate processes): `GET /inbox` returns what the receivers got; `POST /tick?time=`
 * fires the runner's cron handler as at that instant, the way the scheduler would.
 */
export async function startControlServer(
  inbox: Inbox,
  tick: (time: Date | undefined) => Promise<void>,
): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method === "GET" && url.pathname === "/inbox") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(inbox));
      return;
    }
    if (request.method === "POST" && url.pathname === "/tick") {
      const time = url.searchParams.get("time");
      tick(time ? new Date(Number(time)) : undefined).then(
        () => response.writeHead(200).end("ok"),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  // Keep idle connections open for the whole run: Node closes them after 5 s by default, and a Worker
  // that reuses one just as it closes sees "Network connection lost" (seen on a busy machine).
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
