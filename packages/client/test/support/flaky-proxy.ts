import { connect, createServer, type Server } from "node:net";

export interface FlakyProxy {
  url: string;
  /** Connections accepted so far (dropped ones included). */
  connections(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy to the real API that resets the first `drop` connections it accepts, as a network
 * blip would: the request never reaches the API.
 */
export async function startFlakyProxy(target: URL, drop: number): Promise<FlakyProxy> {
  let count = 0;
  const open = new Set<{ destroy(): void }>();
  const server: Server = createServer((socket) => {
    count++;
    open.add(socket);
    if (count <= drop) {
      socket.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    open.add(upstream);
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
