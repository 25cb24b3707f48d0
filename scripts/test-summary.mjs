// Sums vitest's JSON reports (one per suite, written to $VITEST_JSON_DIR) into the single line CI reads.
// Exits non-zero when no test ran at all, so an empty run never passes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? ".vitest-results";
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that failed to load, or whose beforeAll failed (its tests then show as skipped), has no
  // failed test of its own: count the file as one failure.
  failed += (report.testResults ?? []).filter(
    (r) => r.status === "failed" && !r.assertionResults?.some((t) => t.status === "failed"),
  ).length;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed + failed === 0) {
  console.error("No test ran: check that every package writes its vitest JSON report to VITEST_JSON_DIR.");
  process.exit(1);
}
