import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { runToCompletion } from "./process-group";
import { wranglerCli } from "./repo-paths";

/**
 * Copies a Worker's wrangler.jsonc into `targetDir` (paths made absolute) with its own `.dev.vars`.
 *
 * Why: wrangler dev reads `.dev.vars` next to each config and applies `--env-file` to the first
 * Worker only, so a stack with its own keys (tests) would otherwise pick up the developer's keys
 * for the second Worker. A copy of the config in a scratch folder gets exactly the vars we give
 * it, and each Worker only its own key: the API never receives the private keyring.
 */
export function writeIsolatedConfig(
  appDir: string,
  targetDir: string,
  vars: Record<string, string>,
  overrides: Record<string, unknown> = {},
): string {
  const config = parseJsonc(readFileSync(join(appDir, "wrangler.jsonc"), "utf8")) as Record<string, unknown>;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(appDir, path));
  delete config.$schema;
  if (typeof config.main === "string") config.main = absolute(config.main);
  // No `tsconfig` key: esbuild finds each source file's nearest tsconfig.json by itself.
  for (const db of (config.d1_databases as { migrations_dir?: string }[] | undefined) ?? []) {
    if (db.migrations_dir) db.migrations_dir = absolute(db.migrations_dir);
  }
  Object.assign(config, overrides);
  mkdirSync(targetDir, { recursive: true });
  const configPath = join(targetDir, "wrangler.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const devVars = Object.entries(vars).map(([name, value]) => `${name}='${value}'\n`);
  writeFileSync(join(targetDir, ".dev.vars"), devVars.join(""), { mode: 0o600 });
  return configPath;
}

/** A config copy with its own `.dev.vars`, optionally serving a bundle built once up front. */
export async function prepareIsolatedConfig(
  appDir: string,
  targetDir: string,
  vars: Record<string, string>,
  frozen: boolean,
  spawnOptions: { env: NodeJS.ProcessEnv; logFile?: string },
): Promise<string> {
  if (!frozen) return writeIsolatedConfig(appDir, targetDir, vars);
  const outDir = join(targetDir, "bundle");
  await runToCompletion(process.execPath, [wranglerCli, "deploy", "--dry-run", "--outdir", outDir], {
    ...spawnOptions,
    cwd: appDir,
  });
  // The bundle imports its wasm modules by relative path: let wrangler pick them up by the rules.
  return writeIsolatedConfig(appDir, targetDir, vars, {
    main: join(outDir, "index.js"),
    no_bundle: true,
    find_additional_modules: true,
    base_dir: outDir,
  });
}

/** JSON with comments and trailing commas (wrangler.jsonc), string-aware. */
export function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (char === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
      if (i === 0) break;
    } else {
      out += char;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}
