import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Recorder } from "./recorder";
import { encodingsOf } from "./reflect";

/**
 * The HTTP side of the runner tests. Routes:
 * - `/echo/...`: 200 JSON of what arrived (method, path, headers, body);
 * - `/reflect`: the `x-reflect` request header (or the body) back in every encoding, in the JSON
 *   body, in response headers and, with `?status=500`, in an HTML error page;
 * - `/status/<code>`: that status with an echo body; `/redirect/<key>`: 302 to `/echo/<key>-followed`; `/flaky/<key>?fails=N`: 503 N times, then 200;
 * - `/slow?ms=N`: answers after N ms; `/big?at=N`: `x-reflect` placed after N characters; `/count/<key>`: 200 `{ hits }`;
 * - `/recall/<key>`: 200 with the last request that arrived at `/echo/<key>` (headers and body), as a
 *   request inspector echoes what an earlier call sent;
 * - `/__records` (GET/DELETE): what this server, the Slack receiver and the SMTP server received.
 */
export async function startEchoServer(recorder: Recorder): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => route(req, res, body, recorder),
      () => res.destroy(),
    );
  });
  // Keep idle connections open for the whole run: Node closes them after 5 s by default, and a Worker
  // that reuses one just as it closes sees "Network connection lost" (seen on a busy machine).
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

function route(req: IncomingMessage, res: ServerResponse, body: string, recorder: Recorder) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(payload));
  };
  if (url.pathname === "/__records") {
    if (req.method === "DELETE") {
      recorder.requests.length = 0;
      recorder.mails.length = 0;
      recorder.hits.clear();
      return send(200, { ok: true });
    }
    return send(200, {
      requests: recorder.requests,
      mails: recorder.mails,
      hits: Object.fromEntries(recorder.hits),
    });
  }
  recorder.requests.push({
    server: "echo",
    method: req.method ?? "",
    path: req.url ?? "",
    headers: req.headers,
    body,
  });
  const echo = { method: req.method, path: req.url, headers: req.headers, body };
  const [, first, second] = url.pathname.split("/");
  if (first === "echo") return send(200, echo);
  if (first === "status") return send(Number(second) || 500, { error: "as requested", echo });
  if (first === "recall") {
    const earlier = recorder.requests.findLast((r) => r.path.startsWith(`/echo/${second}`));
    return send(earlier ? 200 : 404, { earlier: earlier ?? null });
  }
  if (first === "count") return send(200, { hits: recorder.hit(`count:${second}`) });
  if (first === "redirect") return send(302, { moved: true }, { location: `/echo/${second}-followed` });
  if (first === "flaky") {
    const n = recorder.hit(`flaky:${second}`);
    const fails = Number(url.searchParams.get("fails") ?? "1");
    return n <= fails ? send(503, { error: "try again", attempt: n }) : send(200, { ok: true, attempt: n });
  }
  if (first === "slow") {
    const timer = setTimeout(() => send(200, { slow: true }), Number(url.searchParams.get("ms") ?? "1000"));
    res.on("close", () => clearTimeout(timer));
    return;
  }
  if (first === "big") {
    // A body with the reflected value placed at `at` characters (to straddle a read limit).
    const value = String(req.headers["x-reflect"] ?? "");
    res.writeHead(200, { "content-type": "text/plain" });
    return res.end(`${"a".repeat(Number(url.searchParams.get("at") ?? "0"))}${value}${"b".repeat(1000)}`);
  }
  if (first === "number" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(body)) {
    // The request body reflected as a bare JSON number, exactly as written.
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(`{"n":${body}}`);
  }
  if (first === "reflect") {
    const value = String(req.headers["x-reflect"] ?? body);
    const encodings = encodingsOf(value);
    const headers = Object.fromEntries(
      Object.entries(encodings)
        .filter(([name]) => name !== "raw" && name !== "json" && name !== "html")
        .map(([name, v]) => [`x-reflect-${name}`, v]),
    );
    if (url.searchParams.get("status") === "500") {
      res.writeHead(500, { "content-type": "text/html", ...headers });
      return res.end(
        `<html><body><h1>Error</h1><pre>${encodings.html}</pre><p>${Object.values(encodings).join(" ")}</p></body></html>`,
      );
    }
    return send(200, { encodings, nested: { deep: [value] } }, headers);
  }
  return send(404, { error: "no such route" });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
