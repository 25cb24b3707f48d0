import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Recorder } from "./recorder";

/**
 * Answers like a Slack incoming webhook: POST JSON `{ text, blocks? }` to
 * `/services/<team>/<channel>/<token>` → 200 `ok`. Token `revoked` → 403 `invalid_token`,
 * unknown path → 404 `no_service`, bad payload → 400 `invalid_payload`. Slack's error pages are
 * plain text, and this one repeats the whole URL (as a careless proxy might) so masking is tested.
 */
export async function startSlackReceiver(recorder: Recorder): Promise<{ port: number; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      recorder.requests.push({ server: "slack", method: req.method ?? "", path, headers: req.headers, body });
      const text = (status: number, message: string) => {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(message);
      };
      const match = /^\/services\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
      if (req.method !== "POST" || !match) return text(404, "no_service");
      const port = (server.address() as AddressInfo).port;
      if (match[3] === "revoked") return text(403, `invalid_token for http://127.0.0.1:${port}${path}`);
      try {
        const payload = JSON.parse(body) as { text?: unknown };
        if (typeof payload.text !== "string" || payload.text === "") return text(400, "invalid_payload");
      } catch {
        return text(400, "invalid_payload");
      }
      return text(200, "ok");
    });
  });
  // Keep idle connections open for the whole run: Node closes them after 5 s by default, and a Worker
  // that reuses one just as it closes sees "Network connection lost" (seen on a busy machine).
  server.keepAliveTimeout = 30 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}
