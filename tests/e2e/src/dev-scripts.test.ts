import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { renderReport } from "../../../scripts/lib/bench-markdown";
import { parseJsonc, writeIsolatedConfig } from "../../../scripts/lib/isolated-config";
import { apiDir, runnerDir } from "../../../scripts/lib/repo-paths";

// The pure parts of the dev scripts; the stack itself is proven by the *.e2e.test.ts files.
describe("bench report markdown", () => {
  it("renders date, machine and each section as a table beside its notes", () => {
    const markdown = renderReport(
      [
        {
          suite: "api",
          sections: [
            {
              title: "secrets.list vs bare route",
              columns: ["route", "req/s", "p99 ms", "ratio"],
              rows: [
                ["bare | route", 5123.456, 3.2, 1],
                ["secrets.list", 2100, 8.9, 0.41],
              ],
              notes: ["10 connections, 10 s"],
            },
          ],
        },
      ],
      "Test CPU, 2 cores",
      new Date("2026-11-29T00:00:00.000Z"),
    );
    expect(markdown).toBe(
      [
        "# Benchmark results",
        "",
        "- Date: 2026-11-29T00:00:00.000Z",
        "- Machine: Test CPU, 2 cores",
        "- Each figure stands beside its baseline measured in the same run; compare ratios across runs.",
        "",
        "## api",
        "",
        "### secrets.list vs bare route",
        "",
        "| route | req/s | p99 ms | ratio |",
        "| --- | ---: | ---: | ---: |",
        "| bare \\| route | 5,123.46 | 3.2 | 1 |",
        "| secrets.list | 2,100 | 8.9 | 0.41 |",
        "",
        "- 10 connections, 10 s",
        "",
      ].join("\n"),
    );
  });
});

describe("isolated wrangler configs", () => {
  it("parses JSONC: comments and trailing commas, but not // inside strings", () => {
    const text = '{\n  // a comment\n  "url": "http://x//y", /* block */ "list": [1, 2,],\n}';
    expect(parseJsonc(text)).toEqual({ url: "http://x//y", list: [1, 2] });
  });

  it("copies both Worker configs with absolute paths and only the given vars", () => {
    const target = mkdtempSync(join(tmpdir(), "wfs-config-"));
    onTestFinished(() => rmSync(target, { recursive: true, force: true }));
    for (const [dir, name] of [
      [apiDir, "workflow-secrets-api"],
      [runnerDir, "workflow-secrets-runner"],
    ] as const) {
      const path = writeIsolatedConfig(dir, join(target, name), { ONLY_THIS: "value" });
      const config = JSON.parse(readFileSync(path, "utf8"));
      expect(config.name).toBe(name);
      expect(config.main).toBe(join(dir, "src/index.ts"));
      expect(config.d1_databases[0].migrations_dir).toBe(join(dir, "../../packages/db/migrations"));
      expect(readFileSync(join(target, name, ".dev.vars"), "utf8")).toBe("ONLY_THIS='value'\n");
    }
  });
});
