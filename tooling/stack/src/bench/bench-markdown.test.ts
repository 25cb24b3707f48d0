import { describe, expect, it } from "vitest";
import { renderReport } from "./bench-markdown";

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
