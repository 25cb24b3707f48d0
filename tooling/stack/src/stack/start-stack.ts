import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertPortFree, findFreePort } from "../process/ports";
import { redactRuntimeLog } from "../process/runtime-log";
import { API_WORKER, apiDir, RUNNER_WORKER, repoRoot, runnerDir } from "../repo-paths";
import { prepareIsolatedConfig } from "../wrangler/isolated-config";
import { applyLocalMigrations, spawnWranglerDev, waitUntilHealthy } from "../wrangler/wrangler-dev";
import { createWranglerScratch } from "../wrangler/wrangler-scratch";
import { findRuntimeEntryPort } from "./runtime-entry";
export type StackOptions = {
  /** API port on 127.0.0.1. */
  port: number;
  /** Devtools inspector port of wrangler; a free one when omitted. */
  inspectorPort?: number;
  /** D1 + Queue state (`--persist-to`); reused across starts. */
  persistDir: string;
  /**
   * Sealing keys for this stack only (tests) instead of each Worker's `.dev.vars`: the Workers
   * then run from copies of their configs in a scratch folder (see writeIsolatedConfig).
   */
  keys?: { publicKey: string; privateKeys: string };
  /**
   * With `keys`: bundle each Worker once (`wrangler deploy --dry-run`) and serve that bundle, so
   * edits to the source while tests run do not restart the runtime mid-test (a restart can drop
   * a Queue message in flight). `pnpm dev` leaves it off to reload on every edit.
   */
  frozenBundle?: boolean;
  /**
   * With `keys`: more vars for each Worker (e.g. the API's limits) and top-level config keys that
   * replace the Worker's own (e.g. the runner's `queues`, the API's `ratelimits`). Benches tune with these.
   */
  api?: { vars?: Record<string, string>; config?: Record<string, unknown> };
  runner?: { vars?: Record<string, string>; config?: Record<string, unknown> };
  /** Appends everything wrangler prints to this file as it arrives. */
  logFile?: string;
  onOutput?: (text: string) => void;
  readyTimeoutMs?: number;
};

export type Stack = {
  apiUrl: string;
  port: number;
  inspectorPort: number;
  persistDir: string;
  /** Resolves if wrangler exits (by itself or after stop()). */
  exited: Promise<number | string>;
  /** Fires the runner's scheduled handler once, as the cron trigger would at `time`. */
  triggerScheduled(options?: { cron?: string; time?: Date }): Promise<void>;
  /** Everything wrangler printed (migrations and dev server). */
  logs(): string;
  /** Stops every process of the stack (process-group kill) and frees the ports. */
  stop(): Promise<void>;
  /**
   * SIGKILL to every process of the stack at once (wrangler, esbuild, workerd), with no chance to
   * finish anything: the crash tests start the stack again on the same `persistDir` after it.
   */
  kill(): Promise<void>;
};

/**
 * Starts the API and the runner in ONE `wrangler dev` (two `-c` configs): that is where the Queue
 * and the shared D1 connect (the Queue does not cross dev processes).
 * Used by `pnpm dev`, the e2e suite and the extension's browser tests alike.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const persistDir = resolve(options.persistDir);
  const inspectorPort = options.inspectorPort ?? (await findFreePort());
  await assertPortFree(options.port, "the API");
  await assertPortFree(inspectorPort, "the wrangler inspector");
  mkdirSync(persistDir, { recursive: true });

  const scratch = createWranglerScratch("wfs-stack-");
  const spawnOptions = { env: scratch.env, logFile: options.logFile, onOutput: options.onOutput };
  let configs = [join(apiDir, "wrangler.jsonc"), join(runnerDir, "wrangler.jsonc")];
  const migrate = applyLocalMigrations(join(apiDir, "wrangler.jsonc"), persistDir, spawnOptions);
  let migrationLog: string;
  try {
    if (options.keys) {
      const { publicKey, privateKeys } = options.keys;
      const frozen = options.frozenBundle === true;
      const isolate = (
        config: string,
        name: string,
        vars: Record<string, string>,
        overrides: Record<string, unknown> = {},
      ) => prepareIsolatedConfig(config, join(scratch.dir, name), vars, frozen, spawnOptions, overrides);
      const { api, runner } = options;
      configs = await Promise.all([
        isolate(configs[0] as string, "api", { ...api?.vars, SEALING_PUBLIC_KEY: publicKey }, api?.config),
        // A local stack: its steps may reach 127.0.0.1 (the e2e receivers). Never in production.
        isolate(
          configs[1] as string,
          "runner",
          { ...runner?.vars, SEALING_PRIVATE_KEYS: privateKeys, ALLOW_PRIVATE_NETWORK: "true" },
          runner?.config,
        ),
      ]);
    }
    migrationLog = await migrate;
  } catch (error) {
    await migrate.catch(() => undefined);
    scratch.remove();
    throw error;
  }
  const dev = spawnWranglerDev(
    { configs, port: options.port, inspectorPort, persistDir, testScheduled: true },
    // workerd prints failed lookups with the host, which can be a secret: see runtime-log.ts.
    { ...spawnOptions, cwd: repoRoot, redact: redactRuntimeLog },
  );
  const apiUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await dev.stop();
    scratch.remove();
  };
  try {
    await waitUntilHealthy(`${apiUrl}/healthz`, dev, options.readyTimeoutMs ?? 150_000);
  } catch (error) {
    await stop();
    throw error;
  }

  let entryPort: number | undefined;
  return {
    apiUrl,
    port: options.port,
    inspectorPort,
    persistDir,
    exited: dev.exited,
    async triggerScheduled({ cron = "* * * * *", time } = {}) {
      const query = new URLSearchParams({ cron, ...(time ? { time: String(time.getTime()) } : {}) });
      // wrangler restarts the runtime when code changes (new entry port, briefly none): keep
      // looking for a while instead of failing the tick.
      const deadline = Date.now() + 20_000;
      for (;;) {
        entryPort ??= await findRuntimeEntryPort(dev.pid, (port) => answersAsApi(port), scratch.registryDir);
        if (entryPort !== undefined) {
          try {
            const response = await fetch(`http://127.0.0.1:${entryPort}/cdn-cgi/handler/scheduled?${query}`, {
              headers: { "MF-Route-Override": RUNNER_WORKER },
              signal: AbortSignal.timeout(30_000),
            });
            // The body is only "ok" or "exception": the details are in the wrangler output.
            if (!response.ok) throw new ScheduledHandlerError(await response.text());
            return;
          } catch (error) {
            if (error instanceof ScheduledHandlerError) throw error;
            entryPort = undefined;
          }
        }
        if (Date.now() > deadline) throw new Error("could not reach the local Workers runtime to tick cron");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    logs: () => migrationLog + dev.output(),
    stop,
    async kill() {
      await dev.kill();
      scratch.remove();
    },
  };
}

class ScheduledHandlerError extends Error {
  constructor(outcome: string) {
    super(`the runner's scheduled handler failed (${outcome}): see the wrangler output`);
  }
}

async function answersAsApi(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
      headers: { "MF-Route-Override": API_WORKER },
      signal: AbortSignal.timeout(1500),
    });
    return response.ok && ((await response.json()) as { ok?: unknown }).ok === true;
  } catch {
    return false;
  }
}
