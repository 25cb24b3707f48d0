import { CryptoError, parsePublicKey } from "@workflow-secrets/crypto";
import { z } from "zod";
import type { SealingPublicKey } from "./context";
import { ConfigurationError } from "./errors";

const binding = <T>(name: string, kind: string) =>
  z.custom<T>((value) => typeof value === "object" && value !== null, {
    message: `${name} (${kind} binding) is missing: check apps/api/wrangler.jsonc`,
  });

const KEY_HINT =
  'expected JSON {"kid","publicJwk"}: run `pnpm keys:generate` for local dev (writes apps/api/.dev.vars) or `wrangler secret put SEALING_PUBLIC_KEY` in production';

/** Bindings and secrets, checked when a request arrives (never trusted to be `undefined`-free). */
export const envSchema = z.object({
  DB: binding<D1Database>("DB", "D1"),
  RUNS_QUEUE: binding<Queue>("RUNS_QUEUE", "Queue producer"),
  SEALING_PUBLIC_KEY: z
    .string({ error: `SEALING_PUBLIC_KEY is missing: ${KEY_HINT}` })
    .trim()
    .min(1, `SEALING_PUBLIC_KEY is empty: ${KEY_HINT}`),
});

export interface ApiConfig {
  DB: D1Database;
  RUNS_QUEUE: Queue;
  sealingKey: SealingPublicKey;
}

// The key is parsed once per isolate per distinct value, not on every request.
let parsedKey: { raw: string; key: Promise<SealingPublicKey> } | undefined;
let lastLoggedProblem: string | undefined;

/**
 * Validates the Worker's env. Throws ConfigurationError whose message names the variable and how to
 * fix it (never its value); the problem is logged once per isolate, not once per request.
 */
export async function loadConfig(env: object): Promise<ApiConfig> {
  try {
    const parsed = envSchema.safeParse(env);
    if (!parsed.success) {
      throw new ConfigurationError(parsed.error.issues.map((issue) => issue.message).join("; "));
    }
    const raw = parsed.data.SEALING_PUBLIC_KEY;
    if (parsedKey?.raw !== raw) parsedKey = { raw, key: parseSealingKey(raw) };
    const sealingKey = await parsedKey.key;
    return { DB: parsed.data.DB, RUNS_QUEUE: parsed.data.RUNS_QUEUE, sealingKey };
  } catch (error) {
    if (error instanceof ConfigurationError && error.message !== lastLoggedProblem) {
      lastLoggedProblem = error.message;
      console.error(JSON.stringify({ level: "error", msg: "API misconfigured", problem: error.message }));
    }
    throw error;
  }
}

async function parseSealingKey(raw: string): Promise<SealingPublicKey> {
  try {
    return parsePublicKey(raw);
  } catch (error) {
    // parsePublicKey's messages name the variable and the problem, never the value.
    const reason = error instanceof CryptoError ? error.message : "not a valid public sealing key";
    throw new ConfigurationError(`${reason}: ${KEY_HINT}`);
  }
}
