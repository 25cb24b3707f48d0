import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { apiDir, runnerDir } from "../repo-paths";
import { writeIsolatedConfig } from "./isolated-config";
import { parseJsonc } from "./parse-jsonc";

// The stack itself is proven by the e2e suite and the extension's browser tests, which start it.
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
      const path = writeIsolatedConfig(join(dir, "wrangler.jsonc"), join(target, name), {
        ONLY_THIS: "value",
      });
      const config = JSON.parse(readFileSync(path, "utf8"));
      expect(config.name).toBe(name);
      expect(config.main).toBe(join(dir, "src/index.ts"));
      expect(config.d1_databases[0].migrations_dir).toBe(join(dir, "../../packages/db/migrations"));
      expect(readFileSync(join(target, name, ".dev.vars"), "utf8")).toBe("ONLY_THIS='value'\n");
    }
  });
});
