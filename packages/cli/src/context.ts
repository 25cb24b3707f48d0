import { type Client, createClient } from "@workflow-secrets/client";
import { CliError } from "./cli-error";
import { readCredentials } from "./config/credentials";
import { ExitCode } from "./exit-codes";

export const DEFAULT_API_URL = "http://127.0.0.1:8787";

/** The API URL in force: --url, then WFS_URL, then the one saved by `wfs login`, then the local default. */
export function resolveApiUrl(flag?: string): string {
  return (flag || process.env.WFS_URL || readCredentials()?.url || DEFAULT_API_URL).replace(/\/+$/, "");
}

/** A client for a signed-in command: WFS_TOKEN wins over the saved login (CI sets it). */
export function signedInClient(urlFlag?: string): { client: Client; url: string } {
  const url = resolveApiUrl(urlFlag);
  const token = process.env.WFS_TOKEN || readCredentials()?.token;
  if (!token) {
    throw new CliError(
      "you are not signed in",
      ExitCode.AUTH,
      "run `wfs login` (or set WFS_TOKEN to a personal access token)",
    );
  }
  return { client: createClient({ url, token }), url };
}

export function anonymousClient(url: string): Client {
  return createClient({ url });
}
