import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { credentialsPath, readCredentials, removeCredentials, writeCredentials } from "./credentials";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wfs-credentials-"));
  dirs.push(dir);
  return dir;
}
const saved = {
  url: "http://127.0.0.1:8787",
  token: "wfs_session_token",
  kind: "session" as const,
  email: "a@example.com",
};

describe("credentials file", () => {
  it("lives under XDG_CONFIG_HOME, else ~/.config; WFS_CONFIG_DIR overrides both", () => {
    expect(credentialsPath({ XDG_CONFIG_HOME: "/x" })).toBe("/x/workflow-secrets/credentials.json");
    expect(credentialsPath({ WFS_CONFIG_DIR: "/c", XDG_CONFIG_HOME: "/x" })).toBe("/c/credentials.json");
    expect(credentialsPath({ HOME: "/h" })).toMatch(/\.config\/workflow-secrets\/credentials\.json$/);
  });

  it("is 0600 in a 0700 folder, and replaces an old file with looser bits instead of rewriting it", () => {
    const path = join(tempDir(), "cfg", "workflow-secrets", "credentials.json");
    writeCredentials(saved, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    chmodSync(path, 0o644);
    const before = statSync(path).ino;
    writeCredentials({ ...saved, token: "next" }, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(path).ino).not.toBe(before);
    expect(readCredentials(path)?.token).toBe("next");
    expect(readdirSync(join(path, ".."))).toEqual(["credentials.json"]);
  });

  it("reads nothing from a missing file, and removes it", () => {
    const path = join(tempDir(), "credentials.json");
    expect(readCredentials(path)).toBeUndefined();
    writeFileSync(path, JSON.stringify(saved));
    expect(readCredentials(path)).toEqual(saved);
    expect(removeCredentials(path)).toBe(true);
    expect(readCredentials(path)).toBeUndefined();
  });
});
