import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const apiDir = join(repoRoot, "apps/api");
export const runnerDir = join(repoRoot, "apps/runner");
export const extensionDir = join(repoRoot, "apps/extension");
/** Where `pnpm dev` keeps D1 and Queue state between runs (gitignored). */
export const devPersistDir = join(repoRoot, ".wrangler/state");
/** The wrangler CLI (the catalog's version), run with the current node (no shell wrapper in between). */
export const wranglerCli = join(
  dirname(createRequire(import.meta.url).resolve("wrangler/package.json")),
  "bin/wrangler.js",
);
/** Worker names from the wrangler configs (see the wiring contract). */
export const API_WORKER = "workflow-secrets-api";
export const RUNNER_WORKER = "workflow-secrets-runner";
