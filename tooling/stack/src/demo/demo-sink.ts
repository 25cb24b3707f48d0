import { createServer, type Server } from "node:http";

/**
 * A local stand-in for the services the demo workflows call (a payments API, a Slack incoming
 * webhook), so `pnpm dev --demo` works offline. It prints one line per request: method and path
 * only (and no Slack path), never headers or bodies: they carry secrets.
 */
export async function startDemoSink(port: number, log: (line: string) => void): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      if (request.url?.startsWith("/services/")) {
        // The rest of a Slack webhook path is the secret itself: never print it.
        log(`demo sink: ${request.method} /services/… (Slack incoming webhook)`);
        response.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      log(`demo sink: ${request.method} ${new URL(request.url ?? "/", "http://x").pathname}`);
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ id: "ch_demo", status: "succeeded" }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
