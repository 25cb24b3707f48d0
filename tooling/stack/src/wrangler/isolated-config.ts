import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { runToCompletion, type SpawnGroupOptions } from "../process/process-group";
import { wranglerCli } from "../repo-paths";
import { parseJsonc } from "./parse-jsonc";

/**
 * Copies a Worker's wrangler config (`configPath`, a .jsonc file) into `targetDir`, paths made
 * absolute, with its own `.dev.vars`.
 *
 * Why: wrangler dev reads `.dev.vars` next to each config and applies `--env-file` to the first
 * Worker only, so a stack with its own keys (tests) would otherwise pick up the developer's keys
 * for the second Worker. A copy of the config in a scratch folder gets exactly the vars we give
 * it, and each Worker only its own key: the API never receives the private keyring.
 */
export function writeIsolatedConfig(
  configPath: string,
  targetDir: string,
  vars: Record<string, string>,
  overrides: Record<string, unknown> = {},
): string {
  const config = parseJsonc(readFileSync(configPath, "utf8")) as Record<string, unknown>;
  const configDir = dirname(configPath);
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(configDir, path));
  delete config.$schema;
  if (typeof config.main === "string") config.main = absolute(config.main);
  // No `tsconfig` key: esbuild finds each source file's nearest tsconfig.json by itself.
  for (const db of (config.d1_databases as { migrations_dir?: string }[] | undefined) ?? []) {
    if (db.migrations_dir) db.migrations_dir = absolute(db.migrations_dir);
  }
  Object.assign(config, overrides);
  mkdirSync(targetDir, { recursive: true });
  const isolatedPath = join(targetDir, "wrangler.json");
  writeFileSync(isolatedPath, JSON.stringify(config, null, 2));
  const devVars = Object.entries(vars).map(([name, value]) => `${name}='${value}'\n`);
  writeFileSync(join(targetDir, ".dev.vars"), devVars.join(""), { mode: 0o600 });
  return isolatedPath;
}

/**
 * A config copy with its own `.dev.vars`; `frozen` builds the Worker once
 * (`wrangler deploy --dry-run`) and serves that bundle, so edits anywhere in the workspace while a
 * test or bench runs cannot restart the runtime mid-run (a restart can drop a Queue message).
 */
export async function prepareIsolatedConfig(
  configPath: string,
  targetDir: string,
  vars: Record<string, string>,
  frozen: boolean,
  spawnOptions: Omit<SpawnGroupOptions, "cwd">,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  if (!frozen) return writeIsolatedConfig(configPath, targetDir, vars, overrides);
  const outDir = join(targetDir, "bundle");
  await runToCompletion(
    process.execPath,
    [wranglerCli, "deploy", "--dry-run", "--outdir", outDir, "-c", configPath],
    { ...spawnOptions, cwd: dirname(configPath) },
  );
  // The bundle is named after the entry file and imports its wasm modules by relative path: let
  // wrangler pick them up by the config's rules.
  const { main } = parseJsonc(readFileSync(configPath, "utf8")) as { main: string };
  return writeIsolatedConfig(configPath, targetDir, vars, {
    ...overrides,
    main: join(outDir, basename(main).replace(/\.[cm]?[jt]sx?$/, ".js")),
    no_bundle: true,
    find_additional_modules: true,
    base_dir: outDir,
  });
}
