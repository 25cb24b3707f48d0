/**
 * Merges every `bench/results/<suite>.json` (written by each package's `bench` script) into
 * `bench/RESULTS.md`: when and where it ran, then each suite's tables, figures beside their
 * baselines exactly as the suite measured them in the same run.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderReport, repoRoot, type SuiteResult } from "@workflow-secrets/stack";

// Overridable for a dry run: `tsx scripts/bench-report.ts <results dir> <output file>`.
const resultsDir = process.argv[2] ?? join(repoRoot, "bench/results");
const outputFile = process.argv[3] ?? join(repoRoot, "bench/RESULTS.md");

function readResults(): SuiteResult[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(join(resultsDir, file), "utf8")) as SuiteResult;
      if (typeof parsed.suite !== "string" || !Array.isArray(parsed.sections)) {
        throw new Error(`${file} is not a bench result ({ suite, sections[] })`);
      }
      return parsed;
    });
}

const results = readResults();
if (results.length === 0) {
  console.error(`No results in ${resultsDir}: run \`pnpm bench\` (each package's bench writes one).`);
  process.exit(1);
}
writeFileSync(outputFile, renderReport(results));
console.log(`Wrote ${outputFile} (${results.map((r) => r.suite).join(", ")})`);
