import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";

/**
 * A stand-in third-party API for the run test: it answers with the headers and query it received,
 * so the secret a step sends comes straight back and the runs viewer must show it masked.
 */
export async function startEchoServer(): Promise<{ url: string; close(): Promise<void> }> {
  // `/issue` answers like a provisioning API with a fresh live key nobody registered; `/last-issued`
  // tells the test which (the runs viewer only ever shows it masked, so the test pastes it from here).
  let issued = "";
  const server: Server = createServer((request, response) => {
    if (request.url === "/issue" || request.url === "/last-issued") {
      request.resume();
      if (request.url === "/issue") issued = `sk_live_${randomBytes(24).toString("hex")}`;
      const body = request.url === "/issue" ? { object: "api_key", secret: issued } : { issued };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.stringify({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
