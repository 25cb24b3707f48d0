import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { apiDir, offlineEnv, wranglerCli } from "@workflow-secrets/stack";
import { inject } from "vitest";

const run = promisify(execFile);

/**
 * Runs SQL against the stack's local D1 as another writer would (wrangler d1 execute on the same
 * --persist-to state): the attacker who can write to D1 without going through the API.
 */
export async function executeLocalD1(sql: string): Promise<unknown[]> {
  const { stdout } = await run(
    process.execPath,
    [
      wranglerCli,
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      inject("persistDir"),
      "-c",
      join(apiDir, "wrangler.jsonc"),
      "--json",
      "--command",
      sql,
    ],
    { cwd: apiDir, env: offlineEnv(), maxBuffer: 16 * 1024 * 1024 },
  );
  const parsed = JSON.parse(stdout) as { results: unknown[] }[];
  return parsed.flatMap((statement) => statement.results);
}

/** A SQL string literal. */
export const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;
