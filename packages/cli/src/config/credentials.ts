import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What `wfs login` keeps: where the API is and the token to send it. Nothing else, never a secret's value. */
export interface StoredCredentials {
  url: string;
  token: string;
  /** "session" (from a password sign-in: `wfs logout` ends it) or "personal" (a pasted access token). */
  kind: "session" | "personal";
  email: string;
}

/**
 * `$XDG_CONFIG_HOME/workflow-secrets/credentials.json` (`~/.config/…` when unset; `%APPDATA%` on
 * Windows). WFS_CONFIG_DIR points elsewhere (tests, several accounts).
 */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WFS_CONFIG_DIR) return join(env.WFS_CONFIG_DIR, "credentials.json");
  const base =
    env.XDG_CONFIG_HOME ||
    (process.platform === "win32" && env.APPDATA ? env.APPDATA : join(homedir(), ".config"));
  return join(base, "workflow-secrets", "credentials.json");
}

export function readCredentials(path = credentialsPath()): StoredCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<StoredCredentials>;
  if (typeof parsed.url !== "string" || typeof parsed.token !== "string") return undefined;
  return {
    url: parsed.url,
    token: parsed.token,
    kind: parsed.kind === "personal" ? "personal" : "session",
    email: typeof parsed.email === "string" ? parsed.email : "",
  };
}

/**
 * Owner-only: a new folder is 0700, and the token is written to a fresh 0600 file that then replaces the
 * old one, so it is never readable by others, not even for a moment when an old file had looser bits.
 */
export function writeCredentials(credentials: StoredCredentials, path = credentialsPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fresh = `${path}.${process.pid}.tmp`;
  writeFileSync(fresh, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(fresh, path);
}

export function removeCredentials(path = credentialsPath()): boolean {
  try {
    rmSync(path);
    return true;
  } catch {
    return false;
  }
}
