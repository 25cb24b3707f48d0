import { createServer, type IncomingMessage, type Server } from "node:http";

/** One request a local receiver got. */
export type HttpRecord = {
  method: string;
  /** Path and query exactly as requested. */
  url: string;
  headers: Record<string, string>;
  body: string;
};

/**
 * The "payments API" of the seed examples: records each request and reflects it back (headers,
 * body) in the response, so a secret sent to it comes back and must be masked in run history.
 */
export function startEchoServer(records: HttpRecord[]): Promise<Server> {
  return listen(async (request, respond) => {
    const record = await readRecord(request);
    records.push(record);
    respond(200, "application/json", JSON.stringify({ id: "ch_e2e", status: "succeeded", received: record }));
  });
}

/** Answers like a Slack incoming webhook: `ok` on /services/…, `no_service` (404) elsewhere. */
export function startSlackReceiver(records: HttpRecord[]): Promise<Server> {
  return listen(async (request, respond) => {
    const record = await readRecord(request);
    records.push(record);
    const known = request.method === "POST" && record.url.startsWith("/services/");
    respond(known ? 200 : 404, "text/plain", known ? "ok" : "no_service");
  });
}

type Handler = (
  request: IncomingMessage,
  respond: (status: number, contentType: string, body: string) => void,
) => Promise<void>;

async function listen(handler: Handler): Promise<Server> {
  const server = createServer((request, response) => {
    handler(request, (status, contentType, body) => {
      response.writeHead(status, { "content-type": contentType }).end(body);
    }).catch(() => response.writeHead(500).end());
  });
  // Keep idle connections open for the whole run: Node closes them after 5 s by default, and a Worker
  // that reuses one just as it closes sees "Network connection lost" (seen on a busy machine).
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function readRecord(request: IncomingMessage): Promise<HttpRecord> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: request.method ?? "GET",
    url: request.url ?? "/",
    headers,
    body: Buffer.concat(chunks).toString("utf8"),
  };
}

/** `http://127.0.0.1:<port>` of a listening server. */
export function serverUrl(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

/** Closes a server and every connection it keeps open (the receivers keep them for the whole run). */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
