import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../process/ports";
import { spawnGroup } from "../process/process-group";
import { prepareIsolatedConfig } from "../wrangler/isolated-config";
import { applyLocalMigrations, waitUntilHealthy } from "../wrangler/wrangler-dev";
import { createWranglerScratch } from "../wrangler/wrangler-scratch";

const serveWorker = fileURLToPath(new URL("./serve-worker.mjs", import.meta.url));

export type WorkerOptions = {
  /** The Worker's wrangler config (.jsonc): an app's own or a bench-only one. */
  config: string;
  /** Its vars and secrets. */
  vars?: Record<string, string>;
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Apply the D1 migrations of the config's `DB` binding before starting. */
  migrate?: boolean;
  /** Answers 2xx once the Worker serves requests. */
  readyPath?: string;
  readyTimeoutMs?: number;
};

export type StartedWorker = {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Everything wrangler printed (warnings and errors only). */
  logs(): string;
  /** Stops wrangler and its workerd (process-group kill) and removes the Worker's local state. */
  stop(): Promise<void>;
};

/**
 * One Worker for a bench, served by wrangler's dev server in a process group of its own (the bench
 * process only measures): offline, on a free port, with fresh D1 state (RAM-backed when possible),
 * a private dev registry, no inspector (see serve-worker.mjs), and a bundle built once so edits
 * elsewhere in the workspace cannot reload it mid-measurement.
 *
 * @example
 * const worker = await startWorker({ config: join(appDir, "wrangler.jsonc"), vars, migrate: true });
 * try { await fetch(`${worker.url}/healthz`); } finally { await worker.stop(); }
 */
export async function startWorker(options: WorkerOptions): Promise<StartedWorker> {
  const scratch = createWranglerScratch("wfs-bench-", { ramBacked: true });
  const spawnOptions = { env: scratch.env };
  const persistDir = join(scratch.dir, "state");
  const vars = options.vars ?? {};
  const port = options.port ?? (await findFreePort());
  let config: string;
  try {
    config = await prepareIsolatedConfig(
      options.config,
      join(scratch.dir, "worker"),
      vars,
      true,
      spawnOptions,
    );
    if (options.migrate) await applyLocalMigrations(config, persistDir, spawnOptions);
  } catch (error) {
    scratch.remove();
    throw error;
  }
  const server = spawnGroup(
    process.execPath,
    [serveWorker, JSON.stringify({ config, port, persistDir, vars })],
    {
      ...spawnOptions,
      cwd: scratch.dir,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    scratch.remove();
  };
  try {
    await waitUntilHealthy(
      `${url}${options.readyPath ?? "/healthz"}`,
      server,
      options.readyTimeoutMs ?? 120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logs: () => server.output(), stop };
}
