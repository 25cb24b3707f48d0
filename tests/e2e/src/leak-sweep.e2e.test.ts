import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createClient } from "@workflow-secrets/client";
import { findLeaks, leakForms } from "@workflow-secrets/leak-oracle";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Canary } from "./support/canaries";

// Runs after every other file (see the sequencer in vitest.config.ts): it reads the canaries they
// planted and everything the stack stored, printed or answered, and finds none of them.
let canaries: Canary[] = [];

beforeAll(() => {
  canaries = recordFiles("canaries-").flatMap((file) => JSON.parse(readFileSync(file, "utf8")) as Canary[]);
});

describe("leak sweep: no canary in any encoding", () => {
  it("the sweep has every seed secret's canaries to look for, and finds them when present", () => {
    expect(new Set(canaries.map((c) => c.name))).toEqual(
      new Set([
        "stripe_secret",
        "slack_alerts",
        "smtp_password",
        "webhook_signing_key",
        "api_host",
        "relay_host",
        // secret-lifecycle: every rotated version, and credentials the vault never held.
        "lc_key",
        "lc_jwt",
        "lc_refused",
        "issued_key",
        "issued_jwt",
        // typed-secrets: a basic password and an SMTP password, sealed as fields.
        "partner_login",
        "mailer",
      ]),
    );
    const sample = canaries.find((c) => c.name === "smtp_password") as Canary;
    const basic = `Authorization: Basic ${Buffer.from(`user:${sample.value}`).toString("base64")}`;
    expect(findLeaks(basic, [sample])).not.toEqual([]);
    for (const { needle } of leakForms(sample.value))
      expect(findLeaks(`x${needle}x`, [sample])).not.toEqual([]);
  });

  it("in the local D1 database files (and all other state under --persist-to)", () => {
    const files = walk(inject("persistDir"));
    expect(files.some((file) => file.endsWith(".sqlite"))).toBe(true);
    const hits = files.flatMap((file) =>
      findLeaks(readFileSync(file, "latin1"), canaries).map((h) => `${file}: ${h}`),
    );
    expect(hits).toEqual([]);
  });

  it("in everything wrangler printed", () => {
    const printed = readFileSync(inject("wranglerOutputFile"), "utf8");
    expect(printed).toContain("Ready on");
    expect(printed).toContain("/trpc/workflows.run");
    expect(findLeaks(printed, canaries)).toEqual([]);
  });

  it("in wrangler's debug log files (the stack sends them to /dev/null: they record devtools Network events)", () => {
    const dirs = [join(homedir(), ".config/.wrangler/logs"), join(homedir(), ".wrangler/logs")].filter(
      existsSync,
    );
    const recent = dirs.flatMap(walk).filter((file) => statSync(file).mtimeMs >= inject("startedAt"));
    const hits = recent.flatMap((file) => findLeaks(readFileSync(file, "utf8"), canaries));
    expect(hits).toEqual([]);
  });

  it("in every API response body the suite received", () => {
    const bodies = recordFiles("responses-").map((file) => readFileSync(file, "utf8"));
    expect(bodies.join("").split("\n").length).toBeGreaterThan(50);
    expect(findLeaks(bodies.join("\n"), canaries)).toEqual([]);
  });

  it("in the run history and audit log of every user", async () => {
    const sessions = recordFiles("sessions-").flatMap(
      (file) => JSON.parse(readFileSync(file, "utf8")) as { token: string }[],
    );
    let runCount = 0;
    for (const { token } of sessions) {
      const client = createClient({ url: inject("apiUrl"), token });
      const history: unknown[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await client.runs.list.query({ cursor: cursor ?? undefined, limit: 50 });
        for (const run of page.items) history.push(await client.runs.get.query({ id: run.id }));
        cursor = page.nextCursor;
      } while (cursor);
      history.push(await client.audit.list.query({}));
      runCount += history.length - 1;
      expect(findLeaks(JSON.stringify(history), canaries)).toEqual([]);
    }
    expect(runCount).toBeGreaterThan(5);
  });
});

function recordFiles(prefix: string): string[] {
  const dir = inject("recordDir");
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(dir, name));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
