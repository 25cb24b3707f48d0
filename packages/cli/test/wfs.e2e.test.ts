import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@workflow-secrets/client";
import { generateKeyConfig } from "@workflow-secrets/crypto";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import {
  closeServer,
  type HttpRecord,
  serverUrl,
  startEchoServer,
  startTestStack,
  type TestStack,
} from "@workflow-secrets/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTree } from "./support/files";
import { jsonOf, type WfsSession, wfsSession } from "./support/wfs-process";
import { chargeWorkflow, notifyYaml } from "./support/workflow-fixtures";

// One real stack (API + runner under wrangler dev, local D1) and one echo server for the whole file.
let stack: TestStack;
let echo: Server;
const received: HttpRecord[] = [];
let root: string;
let session: WfsSession;

const email = `cli-${Date.now()}@example.com`;
const password = "correct horse battery staple 42";
const canaries = {
  stdin: { name: "webhook_key", value: makeCanary("stdin", "ascii") },
  stripe: { name: "stripe_secret", value: makeCanary("stripe", "token") },
  smtp: { name: "smtp_password", value: makeCanary("smtp", "ascii") },
  slack: { name: "slack_token", value: makeCanary("slack", "ascii") },
  plain: { name: "plain_key", value: makeCanary("plain", "token") },
  typed: { name: "partner_login", value: makeCanary("typed", "token") },
};
const allCanaries: { name: string; value: string }[] = Object.values(canaries);

beforeAll(async () => {
  echo = await startEchoServer(received);
  stack = await startTestStack("wfs-cli-", await generateKeyConfig());
  root = mkdtempSync(join(tmpdir(), "wfs-cli-home-"));
  session = wfsSession({
    HOME: join(root, "home"),
    XDG_CONFIG_HOME: join(root, "config"),
    WFS_URL: stack.apiUrl,
  });
});

afterAll(async () => {
  await stack?.stop();
  if (echo) await closeServer(echo);
  if (root) rmSync(root, { recursive: true, force: true });
});

const wfs = (args: string[], stdin?: string) => session.wfs(args, { stdin });

describe("wfs against the real local stack", () => {
  it("refuses signed-in commands before login, with exit code 3 and what to do", async () => {
    const result = await wfs(["secrets", "ls"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("wfs login");
  });

  it("signs up, logs out, logs in with the password on stdin, and keeps the token in a 0600 file", async () => {
    expect((await wfs(["signup", "--email", email], `${password}\n`)).code).toBe(0);
    expect((await wfs(["logout"])).stdout).toContain("session has ended");
    const login = await wfs(["login", "--email", email], `${password}\n`);
    expect(login.code, login.stderr).toBe(0);
    const file = join(root, "config", "workflow-secrets", "credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "config", "workflow-secrets")).mode & 0o777).toBe(0o700);
    const me = jsonOf<{ email: string; url: string }>(await wfs(["whoami", "--json"]));
    expect(me).toMatchObject({ email, url: stack.apiUrl });
  });

  it("saves a secret from stdin, and ps never shows the value while `secrets set` runs", async () => {
    const running = session.start(["secrets", "set", canaries.stdin.name]);
    const snapshots: string[] = [];
    const snapshot = () => {
      const text = execFileSync("ps", ["-eww", "-o", "pid=,args="], { encoding: "utf8" });
      snapshots.push(text);
      return text;
    };
    // While it waits for stdin, then after the value is written until it exits.
    await expect.poll(snapshot).toContain(`${running.pid} `);
    running.write(`${canaries.stdin.value}\n`);
    running.end();
    let finished = false;
    running.done.then(() => {
      finished = true;
    });
    while (!finished) {
      snapshot();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await running.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Saved ${canaries.stdin.name}`);
    expect(snapshots.some((s) => s.includes("secrets set webhook_key"))).toBe(true);
    expect(findLeaks(snapshots.join("\n"), allCanaries)).toEqual([]);
  });

  it("imports a .env with comments, quotes, export, empty values and CRLF; --dry-run changes nothing", async () => {
    const envFile = join(root, "prod.env");
    const escapedSmtp = canaries.smtp.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    writeFileSync(
      envFile,
      [
        "# production keys",
        "",
        `export STRIPE_SECRET=${canaries.stripe.value}`,
        `SMTP_PASSWORD="${escapedSmtp}"`,
        `SLACK_TOKEN='${canaries.slack.value}'`,
        "EMPTY_ONE=",
        `PLAIN_KEY=${canaries.plain.value} # rotated monthly`,
        "",
      ].join("\r\n"),
    );
    const dry = jsonOf<{
      dryRun: boolean;
      plan: { name: string; action: string }[];
      skipped: { line: number }[];
    }>(await wfs(["secrets", "import", envFile, "--dry-run", "--json"]));
    expect(dry.dryRun).toBe(true);
    expect(dry.plan.map((p) => [p.name, p.action])).toEqual([
      ["stripe_secret", "create"],
      ["smtp_password", "create"],
      ["slack_token", "create"],
      ["plain_key", "create"],
    ]);
    expect(dry.skipped).toEqual([{ line: 6, reason: "EMPTY_ONE is empty" }]);
    const before = jsonOf<{ name: string }[]>(await wfs(["secrets", "ls", "--json"]));
    expect(before.map((s) => s.name)).toEqual([canaries.stdin.name]);

    const imported = await wfs(["secrets", "import", envFile]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("line 6 skipped: EMPTY_ONE is empty");
    const after = jsonOf<{ name: string; version: number }[]>(await wfs(["secrets", "ls", "--json"]));
    expect(after.map((s) => [s.name, s.version])).toEqual([
      ["plain_key", 1],
      ["slack_token", 1],
      ["smtp_password", 1],
      ["stripe_secret", 1],
      ["webhook_key", 1],
    ]);
    const again = jsonOf<{ plan: { name: string; action: string; fromVersion: number }[] }>(
      await wfs(["secrets", "import", envFile, "--dry-run", "--json"]),
    );
    expect(again.plan.map((p) => [p.name, p.action, p.fromVersion])).toContainEqual([
      "stripe_secret",
      "rotate",
      1,
    ]);
    const table = await wfs(["secrets", "ls"]);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^NAME\s+TYPE\s+PREVIEW\s+VERSION\s+DESTINATIONS\s+UPDATED\s+LAST USED\s+USED BY$/,
    );
  });

  it("saves a typed secret bound to its destinations (--type, --destinations, --scripts) and lists them", async () => {
    const fields = JSON.stringify({ username: "ann", password: canaries.typed.value });
    const saved = await wfs(
      [
        "secrets",
        "set",
        canaries.typed.name,
        "--type",
        "basic",
        "--destinations",
        "https://api.example.com/v1, *.example.org",
        "--json",
      ],
      fields,
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect(jsonOf(saved)).toMatchObject({
      action: "created",
      name: canaries.typed.name,
      type: "basic",
      destinations: ["*.example.org", "https://api.example.com/v1"],
      scripts: false,
      unrestricted: false,
    });
    const listed = jsonOf(await wfs(["secrets", "ls", "--json"])) as {
      name: string;
      type: string;
      fields: object;
    }[];
    expect(listed.find((s) => s.name === canaries.typed.name)).toMatchObject({
      type: "basic",
      fields: { username: "ann" },
    });
    const notJson = await wfs(["secrets", "set", "bad_typed", "--type", "basic"], canaries.typed.value);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("must be a JSON object of its fields");
    expect(findLeaks(notJson.stderr + notJson.stdout, allCanaries)).toEqual([]);
  });

  it("applies a folder of JSON and YAML twice: the second time changes nothing; --dry-run shows a diff", async () => {
    const dir = join(root, "workflows");
    mkdirSync(dir);
    writeFileSync(join(dir, "charge.json"), JSON.stringify(chargeWorkflow(serverUrl(echo)), null, 2));
    writeFileSync(join(dir, "notify.yaml"), notifyYaml(serverUrl(echo), "hello"));

    const first = jsonOf<{ results: { name: string; action: string }[] }>(
      await wfs(["workflows", "apply", dir, "--json"]),
    );
    expect(first.results.map((r) => [r.name, r.action])).toEqual([
      ["Charge", "create"],
      ["Notify", "create"],
    ]);
    const second = await wfs(["workflows", "apply", dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("0 created, 0 updated, 2 unchanged");

    writeFileSync(join(dir, "notify.yaml"), notifyYaml(serverUrl(echo), "hello again"));
    const dry = await wfs(["workflows", "apply", dir, "--dry-run"]);
    expect(dry.stdout).toContain("would update");
    expect(dry.stdout).toMatch(/- .*hello[^ ]/);
    expect(dry.stdout).toMatch(/\+ .*hello again/);
    expect(dry.stdout).toContain("dry run, nothing changed");
    const exported = await wfs(["workflows", "export", "Notify", "--yaml"]);
    expect(exported.stdout).toContain("value: Notify hello\n");
    expect(exported.stdout).not.toContain("hello again");

    const listed = jsonOf<{ name: string; missingSecrets: string[] }[]>(
      await wfs(["workflows", "ls", "--json"]),
    );
    expect(listed.map((w) => [w.name, w.missingSecrets])).toEqual([
      ["Charge", []],
      ["Notify", []],
    ]);
  });

  it("runs a workflow with --follow: streams the steps, sends the imported values exactly, prints only masked output", async () => {
    const result = await wfs([
      "run",
      "Charge",
      "--follow",
      "--input",
      "amount=1200",
      "--input",
      "order.id=A7",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ charge http succeeded \d+ ms/);
    expect(result.stdout).toContain("response 200");
    expect(result.stdout).toContain("[masked:stripe_secret]");
    expect(result.stdout).toMatch(/run \S+ of Charge: succeeded/);
    const request = received.find((r) => r.url === "/charge");
    expect(request?.headers.authorization).toBe(`Bearer ${canaries.stripe.value}`);
    expect(request?.headers["x-smtp"]).toBe(canaries.smtp.value);
    expect(request?.headers["x-slack"]).toBe(canaries.slack.value);
    expect(request?.headers["x-plain"]).toBe(canaries.plain.value);
    expect(JSON.parse(request?.body ?? "{}")).toEqual({ amount: "1200", order: "A7" });

    const runs = jsonOf<{ items: { id: string; status: string }[] }>(await wfs(["runs", "ls", "--json"]));
    expect(runs.items[0]?.status).toBe("succeeded");
    const run = jsonOf<{ steps: { stepId: string; status: string }[] }>(
      await wfs(["runs", "get", runs.items[0]?.id as string, "--json"]),
    );
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([["charge", "succeeded"]]);
  });

  it("exits 6 when the run fails, 8 (changing nothing) for a broken file, 5 when a used secret is removed without --force", async () => {
    const broken = join(root, "broken.json");
    const definition = chargeWorkflow(serverUrl(echo));
    writeFileSync(
      broken,
      JSON.stringify({
        ...definition,
        name: "Broken",
        steps: [{ ...definition.steps[0], headers: { Authorization: "Bearer {{secrets.never_saved}}" } }],
      }),
    );
    const applied = await wfs(["workflows", "apply", broken]);
    expect(applied.stderr).toContain("missing secrets (runs will fail until saved): never_saved");
    const failed = await wfs(["run", "Broken", "--follow"]);
    expect(failed.code).toBe(6);
    expect(failed.stdout).toContain("✗ charge");
    expect(failed.stdout).toContain('no secret named "never_saved"');
    expect(failed.stderr).toContain("wfs runs get");

    const mixed = join(root, "mixed");
    mkdirSync(mixed);
    writeFileSync(join(mixed, "a-good.yaml"), notifyYaml(serverUrl(echo), "new").replace("Notify", "Fresh"));
    writeFileSync(join(mixed, "b-bad.yaml"), notifyYaml(serverUrl(echo), "x").replace("webhook_key", "1bad"));
    const invalid = await wfs(["workflows", "apply", mixed]);
    expect(invalid.code).toBe(8);
    expect(invalid.stderr).toContain("nothing applied");
    expect(invalid.stderr).toContain('b-bad.yaml: step "notify" (headers.X-Key)');
    const names = jsonOf<{ name: string }[]>(await wfs(["workflows", "ls", "--json"])).map((w) => w.name);
    expect(names).not.toContain("Fresh");

    const refused = await wfs(["secrets", "rm", "stripe_secret"]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain("used by 1 workflow(s)");
    expect(refused.stderr).toContain("Charge");
    expect(refused.stderr).toContain("--force");
    const forced = await wfs(["secrets", "rm", "webhook_key", "--force", "--json"]);
    expect(jsonOf<{ deleted: boolean; usedBy: { workflowName: string }[] }>(forced)).toMatchObject({
      deleted: true,
      usedBy: [{ workflowName: "Notify" }],
    });
  });

  it("stops following after --timeout, exit 1, while the run goes on", async () => {
    let release: () => void = () => undefined;
    const held = createServer((request, response) => {
      request.resume();
      release = () => response.writeHead(200, { "content-type": "text/plain" }).end("released");
    });
    await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
    try {
      const file = join(root, "slow.json");
      const slow = { id: "slow", type: "http", method: "POST", url: `${serverUrl(held)}/slow` };
      writeFileSync(file, JSON.stringify({ name: "Slow", trigger: { type: "manual" }, steps: [slow] }));
      expect((await wfs(["workflows", "apply", file])).code).toBe(0);
      const result = await wfs(["run", "Slow", "--follow", "--timeout", "3"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/run \S+ is still (queued|running) after 3 s/);
      expect(result.stderr).toContain("it may still finish: wfs runs get");
    } finally {
      release();
      await closeServer(held);
    }
  });

  it("takes WFS_TOKEN over the saved login, and a pasted personal token with --token-stdin", async () => {
    const saved = JSON.parse(
      readFileSync(join(root, "config", "workflow-secrets", "credentials.json"), "utf8"),
    );
    const readOnly = await createClient({ url: stack.apiUrl, token: saved.token }).tokens.create.mutate({
      name: "cli read-only",
      scopes: ["read"],
    });
    const env = { WFS_TOKEN: readOnly.token };
    const me = jsonOf<{ token: { kind: string; scopes: string[] } }>(
      await session.wfs(["whoami", "--json"], { env }),
    );
    expect(me.token).toMatchObject({ kind: "personal", scopes: ["read"] });
    const refused = await session.wfs(["secrets", "set", "not_allowed"], {
      env,
      stdin: "value-of-20-chars-xyz",
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("secrets:write");

    const elsewhere = { XDG_CONFIG_HOME: join(root, "config-ci") };
    const login = await session.wfs(["login", "--token-stdin"], {
      env: elsewhere,
      stdin: `${readOnly.token}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain("personal token (read)");
    const logout = await session.wfs(["logout"], { env: elsewhere });
    expect(logout.stdout).toContain("stays valid until it expires or you revoke it");
    // The saved password login was not touched.
    expect(jsonOf<{ email: string }>(await wfs(["whoami", "--json"])).email).toBe(email);
  });

  it("asks for a value with a hidden prompt on a terminal, and the screen never shows it", async () => {
    const typed = makeCanary("typed", "token");
    allCanaries.push({ name: "typed_key", value: typed });
    const result = await session.onTerminal(
      ["secrets", "set", "typed_key"],
      [{ after: "Value of typed_key", type: `${typed}\r` }],
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("Saved");
    expect(result.stdout).toContain("•");
    expect(findLeaks(result.stdout, [typed])).toEqual([]);
  });

  it("signs in interactively on a terminal: choose, email, hidden password", async () => {
    const elsewhere = { XDG_CONFIG_HOME: join(root, "config-terminal") };
    const result = await session.onTerminal(
      ["login"],
      [
        { after: "Email and password", type: "\r" },
        { after: "  Email\r\n", type: `${email}\r` },
        { after: "  Password\r\n", type: `${password}\r` },
      ],
      elsewhere,
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(`as \u001b[1m${email}`);
    expect(result.stdout).not.toContain(password);
    expect(jsonOf<{ email: string }>(await session.wfs(["whoami", "--json"], { env: elsewhere })).email).toBe(
      email,
    );
  });

  it("colours its tables on a terminal", async () => {
    const result = await session.onTerminal(["secrets", "ls"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("\u001b[1mNAME\u001b[22m");
    expect(result.stdout).toContain("\u001b[1mstripe_secret\u001b[22m");
  });

  it("leaks no value anywhere it printed or wrote (config file included), and prints no colour when piped", async () => {
    const printed = Object.fromEntries(
      session.transcript.map((r, i) => [`#${i} wfs ${r.args.join(" ")}`, `${r.stdout}\n${r.stderr}`]),
    );
    const written = readTree(root);
    delete written[join(root, "prod.env")]; // the test's own input file
    expect(Object.keys(written)).toContain(join(root, "config", "workflow-secrets", "credentials.json"));
    expect(findLeaks({ ...printed, ...written }, allCanaries)).toEqual([]);
    const piped = session.transcript.filter((r) => r.args[0] !== "(terminal)");
    const coloured = piped.filter((r) => `${r.stdout}${r.stderr}`.includes("\u001b["));
    expect(coloured.map((r) => r.args.join(" "))).toEqual([]);
    const logs = readFileSync(stack.outputFile, "utf8");
    expect(findLeaks({ "wrangler output": logs }, allCanaries)).toEqual([]);
  });
});
