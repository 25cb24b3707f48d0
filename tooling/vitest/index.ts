/**
 * Reporters every suite uses: the default console output, plus a JSON report in
 * `$VITEST_JSON_DIR/<suite>.json` when CI asks for one (`.ci/run` sums them into one line).
 *
 * @example
 * export default defineConfig({ test: { reporters: ciReporters("crypto") } });
 */
export function ciReporters(suite: string): (string | [string, Record<string, unknown>])[] {
  const dir = process.env.VITEST_JSON_DIR;
  if (!dir) return ["default"];
  return ["default", ["json", { outputFile: `${dir}/${suite}.json` }]];
}
