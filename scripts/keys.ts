/**
 * Local sealing keys (`pnpm keys:*`). Production keys live in Worker secrets, never in files.
 *   generate [--write]  print a fresh pair as env lines; --write puts them in the gitignored .dev.vars
 *   rotate              new key first in the runner keyring (old keys stay), API gets its public key
 *   status              keyring kids and how many secrets rows each kid sealed (local D1)
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  generateSealingKeyPair,
  parsePrivateKeyring,
  parsePublicKey,
  rotateKeyring,
  type SealingPrivateKey,
  toKeyringEntry,
  toPublicKey,
} from "@workflow-secrets/crypto";
import { offlineEnv } from "@workflow-secrets/stack";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
export const RUNNER_DEV_VARS = join(root, "apps/runner/.dev.vars");
export const API_DEV_VARS = join(root, "apps/api/.dev.vars");
const PRIVATE_VAR = "SEALING_PRIVATE_KEYS";
const PUBLIC_VAR = "SEALING_PUBLIC_KEY";

/** Reads a `.dev.vars` file (dotenv `NAME=value` lines, optional quotes); {} when it does not exist. */
export function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    const value = match[2] ?? "";
    vars[match[1]] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return vars;
}

/** Sets one variable in a `.dev.vars` file (single-quoted: JSON keeps its double quotes), keeping the other lines. */
export function writeDevVar(path: string, name: string, value: string): void {
  const line = `${name}='${value}'`;
  const lines = existsSync(path) ? readFileSync(path, "utf8").replace(/\n$/, "").split("\n") : [];
  const at = lines.findIndex((l) => new RegExp(`^\\s*${name}\\s*=`).test(l));
  if (at >= 0) lines[at] = line;
  else lines.push(line);
  writeFileSync(path, `${lines.filter((l, i) => l !== "" || i > 0).join("\n")}\n`, { mode: 0o600 });
}

export interface DevVarsFiles {
  /** The runner's `.dev.vars` (private keyring). */
  runner: string;
  /** The API's `.dev.vars` (public key). */
  api: string;
}

const DEV_VARS: DevVarsFiles = { runner: RUNNER_DEV_VARS, api: API_DEV_VARS };

function readKeyring(files: DevVarsFiles = DEV_VARS): SealingPrivateKey[] | undefined {
  const json = readDevVars(files.runner)[PRIVATE_VAR];
  return json ? parsePrivateKeyring(json, `${PRIVATE_VAR} in ${relative(root, files.runner)}`) : undefined;
}

/**
 * Makes sure both Workers have local keys: writes what is missing, never replaces a key.
 * Returns whether it wrote anything. Used by `pnpm dev` and `keys:generate --write`.
 */
export async function ensureDevKeys(
  log: (line: string) => void = console.log,
  files: DevVarsFiles = DEV_VARS,
): Promise<boolean> {
  const [runnerFile, apiFile] = [relative(root, files.runner), relative(root, files.api)];
  const keyring = readKeyring(files);
  const hasPublic = Boolean(readDevVars(files.api)[PUBLIC_VAR]);
  if (keyring && hasPublic) {
    log(`Sealing keys already in ${runnerFile} and ${apiFile}: left unchanged.`);
    return false;
  }
  if (!keyring && hasPublic) {
    throw new Error(
      `${apiFile} has ${PUBLIC_VAR} but ${runnerFile} has no ${PRIVATE_VAR}: the private key is lost. ` +
        `Remove the ${PUBLIC_VAR} line (local secrets sealed with it can not be opened) and run again.`,
    );
  }
  let newest = keyring?.[0];
  if (!newest) {
    const pair = await generateSealingKeyPair();
    newest = toKeyringEntry(pair);
    writeDevVar(files.runner, PRIVATE_VAR, JSON.stringify([newest]));
    log(`Wrote ${PRIVATE_VAR} (kid ${pair.kid}) to ${runnerFile}`);
  }
  writeDevVar(files.api, PUBLIC_VAR, JSON.stringify(toPublicKey(newest)));
  log(`Wrote ${PUBLIC_VAR} (kid ${newest.kid}) to ${apiFile}`);
  return true;
}

async function generate(write: boolean): Promise<void> {
  if (write) {
    await ensureDevKeys();
    return;
  }
  const pair = await generateSealingKeyPair();
  console.log(`# runner secret (wrangler secret put ${PRIVATE_VAR}):`);
  console.log(`${PRIVATE_VAR}=${JSON.stringify([toKeyringEntry(pair)])}`);
  console.log(`# API (wrangler secret put ${PUBLIC_VAR}):`);
  console.log(`${PUBLIC_VAR}=${JSON.stringify(toPublicKey(pair))}`);
}

async function rotate(): Promise<void> {
  const keyring = readKeyring();
  if (!keyring)
    throw new Error("No local keyring in apps/runner/.dev.vars yet: run `pnpm keys:generate --write`.");
  const pair = await generateSealingKeyPair();
  const rotated = rotateKeyring(keyring, toKeyringEntry(pair));
  writeDevVar(RUNNER_DEV_VARS, PRIVATE_VAR, JSON.stringify(rotated));
  writeDevVar(API_DEV_VARS, PUBLIC_VAR, JSON.stringify(toPublicKey(pair)));
  console.log(`New key ${pair.kid} first in apps/runner/.dev.vars; apps/api/.dev.vars now seals with it.`);
  console.log(`Keyring (newest first): ${rotated.map((k) => k.kid).join(", ")}`);
  console.log(
    "Restart `pnpm dev` to load it. Older kids stay until the runner's cron has re-sealed their rows; `pnpm keys:status` shows the counts.",
  );
}

function status(): void {
  const keyring = readKeyring() ?? [];
  const publicJson = readDevVars(API_DEV_VARS)[PUBLIC_VAR];
  const apiKid = publicJson
    ? parsePublicKey(publicJson, `${PUBLIC_VAR} in apps/api/.dev.vars`).kid
    : undefined;
  const counts = countRowsByKid();
  console.log(
    keyring.length ? "Local keyring (newest first):" : "No local keyring: run `pnpm keys:generate --write`.",
  );
  for (const { kid } of keyring) {
    const rows = counts ? `${counts.get(kid) ?? 0} secrets` : "rows unknown";
    console.log(`  ${kid}  ${rows}${kid === apiKid ? "  (API seals with this key)" : ""}`);
  }
  if (apiKid && !keyring.some((k) => k.kid === apiKid))
    console.log(`  API key ${apiKid} is NOT in the keyring!`);
  for (const [kid, n] of counts ?? []) {
    if (!keyring.some((k) => k.kid === kid))
      console.log(`  ${kid}  ${n} secrets sealed with a key the keyring lacks`);
  }
}

/** Rows per kid in the local D1, or undefined (with the reason printed) when it can not be read. */
function countRowsByKid(): Map<string, number> | undefined {
  const apiDir = join(root, "apps/api");
  if (!existsSync(join(apiDir, "wrangler.jsonc"))) {
    console.log("apps/api/wrangler.jsonc does not exist yet, so there is no local D1 to count rows in.");
    return undefined;
  }
  // Current envelopes plus kept previous versions (migration 0007): both must move before a kid is dropped.
  const sql =
    "select kid, count(*) as n from (select kid from secrets union all select v.kid from secret_versions v join secrets s on s.id = v.secret_id where v.version <> s.version) group by kid";
  const args = [
    "exec",
    "wrangler",
    "d1",
    "execute",
    "DB",
    "--local",
    "--persist-to",
    "../../.wrangler/state",
  ];
  try {
    const out = execFileSync("pnpm", [...args, "--json", "--command", sql], {
      cwd: apiDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: offlineEnv(),
    });
    const [first] = JSON.parse(out) as { results: { kid: string; n: number }[] }[];
    return new Map((first?.results ?? []).map((r) => [r.kid, r.n]));
  } catch (error) {
    // wrangler --json reports SQL errors on stdout as { "error": { "text" } }.
    const stdout = String((error as { stdout?: unknown }).stdout ?? "");
    const reason = /"text":\s*"([^"]*)"/.exec(stdout)?.[1] ?? "wrangler failed";
    console.log(`Could not read the local D1 (${reason}); \`pnpm dev\` creates it and applies migrations.`);
    return undefined;
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...flags] = argv;
  if (command === "generate") return generate(flags.includes("--write"));
  if (command === "rotate") return rotate();
  if (command === "status") return status();
  console.error("usage: tsx scripts/keys.ts generate [--write] | rotate | status");
  process.exitCode = 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
