/**
 * Merges every `bench/results/<suite>.json` (written by each package's `bench` script) into
 * `bench/RESULTS.md`: when and where it ran, then each suite's tables, figures beside their
 * baselines exactly as the suite measured them in the same run.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./lib/repo-paths";

type Section = { title: string; columns: string[]; rows: (string | number)[][]; notes?: string[] };
type SuiteResult = { suite: string; sections: Section[] };

// Overridable for a dry run: `tsx scripts/bench-report.ts <results dir> <output file>`.
const resultsDir = process.argv[2] ?? join(repoRoot, "bench/results");
const outputFile = process.argv[3] ?? join(repoRoot, "bench/RESULTS.md");

function renderReport(results: SuiteResult[], machine = describeMachine(), date = new Date()): string {
  const lines = [
    "# Benchmark results",
    "",
    `- Date: ${date.toISOString()}`,
    `- Machine: ${machine}`,
    "- Each figure stands beside its baseline measured in the same run; compare ratios across runs.",
    "",
  ];
  for (const result of results) {
    lines.push(`## ${result.suite}`, "");
    for (const section of result.sections) {
      lines.push(`### ${section.title}`, "", ...renderTable(section.columns, section.rows), "");
      for (const note of section.notes ?? []) lines.push(`- ${note.replaceAll("\n", " ")}`);
      if (section.notes?.length) lines.push("");
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function renderTable(columns: string[], rows: (string | number)[][]): string[] {
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === "number"));
  return [
    `| ${columns.map(escapeCell).join(" | ")} |`,
    `| ${numeric.map((isNumber) => (isNumber ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${columns.map((_, i) => formatCell(row[i])).join(" | ")} |`),
  ];
}

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value)
      ? value.toLocaleString("en-US")
      : value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 1 ? 4 : 2 });
  }
  return escapeCell(value);
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function describeMachine(): string {
  const cpu = cpus();
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${memoryGiB} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

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
