import { createServer } from "node:http";

/**
 * A local "dashboard" page that shows credentials the way providers do after "Reveal key": in
 * text, in a read-only input and on a copy button. Served on 127.0.0.1 so the extension may script it.
 */
export async function serveTokenPage(tokens: { text: string; input: string }) {
  const html = `<!doctype html><html><head><title>API keys</title></head><body>
    <h1>API keys</h1>
    <p>Secret key: <code>${tokens.text}</code></p>
    <label>Webhook token <input readonly value="${tokens.input}"></label>
  </body></html>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/keys`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
