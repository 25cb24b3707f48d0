import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnGroup } from "../process/process-group";
import { extensionDir, repoRoot } from "../repo-paths";
import { offlineEnv } from "../wrangler/offline-env";

export const extensionOutputDir = join(extensionDir, ".output/chrome-mv3");

export type ExtensionBuildResult = { ok: true; dir: string } | { ok: false; reason: string };

/** Builds the extension for loading unpacked; a missing or failing build is reported, not fatal. */
export async function buildExtension(): Promise<ExtensionBuildResult> {
  const manifest = join(extensionDir, "package.json");
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, "utf8")).scripts?.build) {
    return { ok: false, reason: "apps/extension has no build script yet" };
  }
  const build = spawnGroup("pnpm", ["--filter", "@workflow-secrets/extension", "build"], {
    cwd: repoRoot,
    env: offlineEnv(),
  });
  const code = await build.exited;
  if (code !== 0) {
    const tail = build.output().trim().split("\n").slice(-8).join("\n");
    return { ok: false, reason: `the extension build failed (${code}):\n${tail}` };
  }
  if (!existsSync(join(extensionOutputDir, "manifest.json"))) {
    return { ok: false, reason: `the build wrote no ${extensionOutputDir}/manifest.json` };
  }
  return { ok: true, dir: extensionOutputDir };
}
