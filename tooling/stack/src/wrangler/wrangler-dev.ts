import { dirname } from "node:path";
import {
  type GroupProcess,
  runToCompletion,
  type SpawnGroupOptions,
  spawnGroup,
} from "../process/process-group";
import { wranglerCli } from "../repo-paths";

export type WranglerDevOptions = {
  /** One `-c` per Worker; the first one is served on `port`. */
  configs: string[];
  port: number;
  inspectorPort: number;
  /** D1 + Queue state (`--persist-to`). */
  persistDir: string;
  /** Serve `/cdn-cgi/handler/scheduled` (the stack ticks the runner's cron through it). */
  testScheduled?: boolean;
};

/** Applies the D1 migrations of the config's `DB` binding to the local state in `persistDir`. */
export function applyLocalMigrations(
  configPath: string,
  persistDir: string,
  spawnOptions: Omit<SpawnGroupOptions, "cwd">,
): Promise<string> {
  return runToCompletion(
    process.execPath,
    [wranglerCli, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir, "-c", configPath],
    { ...spawnOptions, cwd: dirname(configPath) },
  );
}

/** Starts `wrangler dev` on 127.0.0.1 as the leader of its own process group. */
export function spawnWranglerDev(options: WranglerDevOptions, spawnOptions: SpawnGroupOptions): GroupProcess {
  return spawnGroup(
    process.execPath,
    [
      wranglerCli,
      "dev",
      ...options.configs.flatMap((config) => ["-c", config]),
      ...[
        "--ip",
        "127.0.0.1",
        "--port",
        String(options.port),
        "--inspector-port",
        String(options.inspectorPort),
      ],
      ...["--persist-to", options.persistDir],
      ...(options.testScheduled ? ["--test-scheduled"] : []),
      "--show-interactive-dev-session=false",
    ],
    spawnOptions,
  );
}

/** Resolves once `url` answers 2xx; fails with the server's last output if it exits or times out. */
export async function waitUntilHealthy(url: string, dev: GroupProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | string | undefined;
  void dev.exited.then((code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(
        `wrangler dev exited (${exited}) before ${url} answered:\n${dev.output().slice(-4000)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${dev.output().slice(-4000)}`);
}
