import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { offlineEnv } from "../../../scripts/lib/offline-env";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the bench Worker once and serves that bundle unbundled: with a live esbuild build, edits
 * anywhere in the workspace sources (other packages included) restart the Worker mid-run.
 */
export function bundleOnce(): string {
  const dir = mkdtempSync(join(tmpdir(), "runner-bench-"));
  const wranglerCli = join(
    dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
    "bin/wrangler.js",
  );
  execFileSync(
    process.execPath,
    [
      wranglerCli,
      "deploy",
      "--dry-run",
      "--outdir",
      join(dir, "dist"),
      "-c",
      join(here, "wrangler.bench.jsonc"),
    ],
    {
      cwd: here,
      stdio: "ignore",
      env: offlineEnv(),
    },
  );
  const config = {
    name: "workflow-secrets-runner-bench",
    main: "dist/bench-worker.js",
    no_bundle: true,
    compatibility_date: "2026-04-01",
    d1_databases: [
      { binding: "DB", database_name: "runner-bench", database_id: "00000000-0000-4000-8000-000000000000" },
    ],
    rules: [{ type: "CompiledWasm", globs: ["**/*.wasm"] }],
  };
  writeFileSync(join(dir, "wrangler.json"), JSON.stringify(config));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "wrangler.json");
}
