// scripts/keys.ts (root) is Node-only (files, child processes): tested here, in the node project.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureDevKeys, readDevVars, writeDevVar } from "../../../scripts/keys";
import { parsePrivateKeyring, parsePublicKey } from "../src/key-config";
import { openSecret } from "../src/open";
import { sealSecret } from "../src/seal";
import { buildSecretAad } from "../src/secret-aad";

let dir: string;
let files: { runner: string; api: string };
const quiet = () => {};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wfs-keys-"));
  files = { runner: join(dir, "runner.dev.vars"), api: join(dir, "api.dev.vars") };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe(".dev.vars helpers", () => {
  it("reads dotenv lines with and without quotes, and writes one variable keeping the others", () => {
    writeFileSync(files.api, '# comment\nOTHER=plain\nQUOTED="a b"\nSINGLE=\'{"x":1}\'\n');
    expect(readDevVars(files.api)).toEqual({ OTHER: "plain", QUOTED: "a b", SINGLE: '{"x":1}' });
    writeDevVar(files.api, "SINGLE", '{"x":2}');
    writeDevVar(files.api, "NEW", "[1]");
    expect(readFileSync(files.api, "utf8")).toBe(
      "# comment\nOTHER=plain\nQUOTED=\"a b\"\nSINGLE='{\"x\":2}'\nNEW='[1]'\n",
    );
    expect(readDevVars(join(dir, "missing"))).toEqual({});
  });
});

describe("ensureDevKeys", () => {
  it("writes a matching pair when both are missing (mode 600), then never replaces it", async () => {
    expect(await ensureDevKeys(quiet, files)).toBe(true);
    const keyring = parsePrivateKeyring(readDevVars(files.runner).SEALING_PRIVATE_KEYS);
    const publicKey = parsePublicKey(readDevVars(files.api).SEALING_PUBLIC_KEY);
    expect(publicKey.kid).toBe(keyring[0]?.kid);
    expect(statSync(files.runner).mode & 0o777).toBe(0o600);
    const aad = buildSecretAad({ userId: "u", secretId: "s", version: 1 });
    expect(await openSecret(await sealSecret("round trip", { publicKey, aad }), { keyring, aad })).toBe(
      "round trip",
    );

    const before = [readFileSync(files.runner, "utf8"), readFileSync(files.api, "utf8")];
    expect(await ensureDevKeys(quiet, files)).toBe(false);
    expect([readFileSync(files.runner, "utf8"), readFileSync(files.api, "utf8")]).toEqual(before);
  });

  it("gives the API the public half of an existing runner keyring", async () => {
    await ensureDevKeys(quiet, files);
    const runner = readFileSync(files.runner, "utf8");
    rmSync(files.api);
    expect(await ensureDevKeys(quiet, files)).toBe(true);
    expect(readFileSync(files.runner, "utf8")).toBe(runner);
    const keyring = parsePrivateKeyring(readDevVars(files.runner).SEALING_PRIVATE_KEYS);
    expect(parsePublicKey(readDevVars(files.api).SEALING_PUBLIC_KEY).kid).toBe(keyring[0]?.kid);
  });

  it("refuses to invent a keyring for an API key whose private half is gone", async () => {
    await ensureDevKeys(quiet, files);
    rmSync(files.runner);
    await expect(ensureDevKeys(quiet, files)).rejects.toThrow(/private key is lost/);
  });
});
