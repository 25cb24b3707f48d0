import { cpus, totalmem } from "node:os";

/** One suite's file in bench/results/ (the shape every package's bench writes). */
export type Section = { title: string; columns: string[]; rows: (string | number)[][]; notes?: string[] };
export type SuiteResult = { suite: string; sections: Section[] };

/** The markdown of bench/RESULTS.md: date, machine, then each suite's tables and notes. */
export function renderReport(results: SuiteResult[], machine = describeMachine(), date = new Date()): string {
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

export function describeMachine(): string {
  const cpu = cpus();
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${memoryGiB} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}
