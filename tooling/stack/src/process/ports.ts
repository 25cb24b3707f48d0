import { createServer } from "node:net";

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    readonly port: number,
    what: string,
    hint: string,
  ) {
    super(
      `Port ${port} (${what}) is already in use on 127.0.0.1. Stop whatever listens there ` +
        `(\`lsof -i :${port}\` shows it; often an earlier \`pnpm dev\`)${hint ? `, ${hint}` : ""}.`,
    );
  }
}

/**
 * Resolves when `port` can be bound on 127.0.0.1; throws PortInUseError naming what needs it.
 * @example await assertPortFree(8787, "the API", "or run `PORT=8800 pnpm dev`");
 */
export async function assertPortFree(port: number, what: string, hint = ""): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES" ? new PortInUseError(port, what, hint) : error,
      ),
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
