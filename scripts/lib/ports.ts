import { createServer } from "node:net";

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(
      `Port ${port} (${what}) is already in use on 127.0.0.1. Stop whatever is listening there ` +
        `(\`lsof -i :${port}\` shows it; often an earlier \`pnpm dev\`) or pick another port, e.g. \`PORT=8790 pnpm dev\`.`,
    );
  }
}

/** Resolves when `port` can be bound on 127.0.0.1; throws PortInUseError naming what needs it. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" || error.code === "EACCES" ? new PortInUseError(port, what) : error),
    );
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free right now (there is a small race until someone binds it). */
export async function findFreePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
