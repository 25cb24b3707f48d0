import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Keeps `src/vendor/quickjs.wasm` (committed, so a clean clone typechecks, tests and runs
 * `wrangler dev` without a copy step) identical to the installed QuickJS variant. workerd
 * imports it as a compiled module; importing it from node_modules breaks under vitest in a pnpm
 * monorepo. Run by the vitest config before every test run and by `pnpm vendor:quickjs`.
 */
export function vendorQuickJsWasm(): "unchanged" | "copied" {
  const require = createRequire(import.meta.url);
  const source = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  const target = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "vendor", "quickjs.wasm");
  if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) return "unchanged";
  copyFileSync(source, target);
  return "copied";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`src/vendor/quickjs.wasm ${vendorQuickJsWasm()}`);
}
