import { dirname, join } from "node:path";
import { findFreePort } from "../process/ports";
import { prepareIsolatedConfig } from "../wrangler/isolated-config";
import { applyLocalMigrations, spawnWranglerDev, waitUntilHealthy } from "../wrangler/wrangler-dev";
import { createWranglerScratch } from "../wrangler/wrangler-scratch";

export type WorkerOptions = {
  /** The Worker's wrangler config (.jsonc): an app's own or a bench-only one. */
  config: string;
  /** Its vars and secrets, written to the `.dev.vars` of an isolated copy of the config. */
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
  /** Everything wrangler printed (warnings and errors: benches run it with `--log-level warn`). */
  logs(): string;
  /** Stops wrangler and its workerd (process-group kill) and removes the Worker's local state. */
  stop(): Promise<void>;
};

/**
 * One Worker under `wrangler dev`, for a bench: offline, on a free port, with its own fresh D1
 * state (RAM-backed when possible) and a private dev registry, serving a bundle built once so edits
 * elsewhere in the workspace cannot reload it mid-measurement. The bench process only measures:
 * wrangler and workerd run in their own process group.
 *
 * @example
 * const worker = await startWorker({ config: join(appDir, "wrangler.jsonc"), vars, migrate: true });
 * try { await fetch(`${worker.url}/healthz`); } finally { await worker.stop(); }
 */
export async function startWorker(options: WorkerOptions): Promise<StartedWorker> {
  const scratch = createWranglerScratch("wfs-bench-", { ramBacked: true });
  const spawnOptions = { env: scratch.env };
  const persistDir = join(scratch.dir, "state");
  const port = options.port ?? (await findFreePort());
  const dev = await (async () => {
    try {
      const config = await prepareIsolatedConfig(
        options.config,
        join(scratch.dir, "worker"),
        options.vars ?? {},
        true,
        spawnOptions,
      );
      if (options.migrate) await applyLocalMigrations(config, persistDir, spawnOptions);
      const inspectorPort = await findFreePort();
      return spawnWranglerDev(
        { configs: [config], port, inspectorPort, persistDir, logLevel: "warn" },
        { ...spawnOptions, cwd: dirname(config) },
      );
    } catch (error) {
      scratch.remove();
      throw error;
    }
  })();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await dev.stop();
    scratch.remove();
  };
  try {
    await waitUntilHealthy(
      `${url}${options.readyPath ?? "/healthz"}`,
      dev,
      options.readyTimeoutMs ?? 120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logs: () => dev.output(), stop };
}
