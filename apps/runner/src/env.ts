import { CryptoError, parsePrivateKeyring, type SealingPrivateKey } from "@workflow-secrets/crypto";

/**
 * Bindings and secrets, checked once per Env object. A missing or malformed keyring is a clear
 * configuration error at the first event, never `undefined` at the first decrypt. Messages name
 * the setting and what to do, never its value (it is a private key).
 */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

export type RunnerConfig = {
  /** Newest first: the first entry seals, every entry opens. */
  keyring: SealingPrivateKey[];
  /** Rows of older key ids re-sealed per cron tick. */
  resealBatchSize: number;
  /** ALLOW_PRIVATE_NETWORK="true": steps may reach loopback and private addresses (local development). */
  allowPrivateNetwork: boolean;
};

const cache = new WeakMap<object, RunnerConfig>();

export function loadConfig(env: Env): RunnerConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const config = {
    keyring: parseKeyring(env.SEALING_PRIVATE_KEYS),
    resealBatchSize: parseBatchSize(env),
    allowPrivateNetwork: parseAllowPrivateNetwork(env),
  };
  cache.set(env, config);
  return config;
}

function parseKeyring(raw: string | undefined): SealingPrivateKey[] {
  try {
    return parsePrivateKeyring(raw);
  } catch (error) {
    // parsePrivateKeyring names the variable and entry, never key material.
    const reason = error instanceof CryptoError ? error.message : "SEALING_PRIVATE_KEYS could not be read";
    throw new ConfigurationError(
      `${reason}. Local dev: \`pnpm keys:generate\` writes apps/runner/.dev.vars; production: \`wrangler secret put SEALING_PRIVATE_KEYS\``,
    );
  }
}

function parseBatchSize(env: Env): number {
  const raw = (env as { RESEAL_BATCH_SIZE?: string }).RESEAL_BATCH_SIZE ?? "100";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000) {
    throw new ConfigurationError("RESEAL_BATCH_SIZE must be an integer between 0 and 1000");
  }
  return n;
}

/** Unset or "false" in production (wrangler.jsonc); only `pnpm dev` and the tests set "true". */
function parseAllowPrivateNetwork(env: Env): boolean {
  const raw = (env as { ALLOW_PRIVATE_NETWORK?: string }).ALLOW_PRIVATE_NETWORK ?? "false";
  if (raw === "true") return true;
  if (raw === "false" || raw === "") return false;
  throw new ConfigurationError('ALLOW_PRIVATE_NETWORK must be "true" or "false" (unset means "false")');
}
