import { type ChildProcess, execFile, spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { offlineEnv } from "../../../scripts/lib/offline-env";
import { findFreePort } from "../../../scripts/lib/ports";

const QUIET_ENV = offlineEnv();

/**
 * Prefer a RAM-backed tmp folder: local D1 writes its SQLite files under --persist-to, and on a busy
 * shared disk fsync latency would dominate every query and measure the disk instead of the API.
 */
async function benchTmpRoot(): Promise<string> {
  try {
    await access("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * `wrangler dev` for apps/api on 127.0.0.1 with a free port and its own persist dir (migrations
 * applied first), so the bench never touches the repo's dev state or another process's ports.
 */
export async function startApiDevServer(appDir: string, vars: Record<string, string>): Promise<DevServer> {
  const stateDir = await mkdtemp(join(await benchTmpRoot(), "wfs-api-bench-"));
  const persistTo = join(stateDir, "state");
  const envFile = join(stateDir, ".env");
  await writeFile(
    envFile,
    Object.entries(vars)
      .map(([k, v]) => `${k}='${v}'`)
      .join("\n"),
  );
  const wrangler = join(appDir, "node_modules/.bin/wrangler");
  const run = promisify(execFile);
  await run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: appDir,
    env: QUIET_ENV,
  });
  // Bundle once and serve the bundle: other work editing the workspace must not reload the Worker mid-run.
  const outDir = join(stateDir, "dist");
  await run(wrangler, ["deploy", "--dry-run", "--outdir", outDir], { cwd: appDir, env: QUIET_ENV });
  const [port, inspectorPort] = [await findFreePort(), await findFreePort()];
  const child: ChildProcess = spawn(
    wrangler,
    [
      "dev",
      join(outDir, "index.js"),
      "--no-bundle",
      "--config",
      join(appDir, "wrangler.jsonc"),
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--persist-to",
      persistTo,
      "--env-file",
      envFile,
      "--log-level",
      "warn",
      "--show-interactive-dev-session=false",
    ],
    // Own registry dir: this bench Worker must not register itself where a `pnpm dev` stack looks.
    {
      cwd: appDir,
      env: { ...QUIET_ENV, WRANGLER_REGISTRY_PATH: join(stateDir, "registry") },
      detached: true,
      stdio: "pipe",
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rm(stateDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready:\n${output.slice(-2000)}`);
}
