import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offlineEnv } from "./offline-env";

export type WranglerScratch = {
  /** The folder: configs, state and the registry of this wrangler session live under it. */
  dir: string;
  /** This session's private dev registry (where `wrangler dev` lists the Workers it runs). */
  registryDir: string;
  /** The environment every wrangler child of this session runs with. */
  env: NodeJS.ProcessEnv;
  remove(): void;
};

/**
 * A scratch folder for one wrangler session, and the environment its children run with:
 * - offline (see offlineEnv);
 * - a private dev registry, so these Workers never bind to another stack's Workers of the same
 *   name (another `pnpm dev`, a test run, a bench);
 * - wrangler's debug log sent to /dev/null: wrangler appends every debug message to it, including
 *   the devtools Network events its inspector proxy subscribes to (outgoing request URLs and
 *   response bodies, i.e. resolved secrets before any masking), so no plaintext lands on disk.
 *   What wrangler prints (stdout/stderr) is still captured by the caller.
 *
 * `ramBacked` prefers /dev/shm: local D1 writes SQLite files under the persist dir, and on a busy
 * shared disk fsync latency would dominate every query (benches would measure the disk).
 */
export function createWranglerScratch(
  prefix: string,
  options: { ramBacked?: boolean } = {},
): WranglerScratch {
  const root = options.ramBacked && isWritable("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = mkdtempSync(join(root, prefix));
  const registryDir = join(dir, "registry");
  mkdirSync(registryDir);
  const debugLog = join(dir, "wrangler-debug.log");
  symlinkSync("/dev/null", debugLog);
  return {
    dir,
    registryDir,
    env: offlineEnv({ WRANGLER_REGISTRY_PATH: registryDir, WRANGLER_LOG_PATH: debugLog }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
