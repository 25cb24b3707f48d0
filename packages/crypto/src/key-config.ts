import { CryptoError } from "./errors";
import { readEcJwk } from "./jwk";
import {
  generateSealingKeyPair,
  KID_PATTERN,
  type SealingPrivateKey,
  type SealingPublicKey,
  toKeyringEntry,
  toPublicKey,
} from "./sealing-keys";

/** A deployment's keys as its two Workers' variables hold them. */
export interface SealingKeyConfig {
  /** `SEALING_PUBLIC_KEY` of the API: `{ "kid", "publicJwk" }`. */
  publicKey: string;
  /** `SEALING_PRIVATE_KEYS` of the runner: `[{ "kid", "privateJwk" }]`. */
  privateKeys: string;
}

/**
 * A fresh key pair in the variables' JSON form (test stacks, a new deployment).
 *
 * @example
 * const { publicKey, privateKeys } = await generateKeyConfig();
 */
export async function generateKeyConfig(): Promise<SealingKeyConfig> {
  const pair = await generateSealingKeyPair();
  return {
    publicKey: JSON.stringify(toPublicKey(pair)),
    privateKeys: JSON.stringify([toKeyringEntry(pair)]),
  };
}

/**
 * Parses the API's `SEALING_PUBLIC_KEY` (JSON `{ "kid", "publicJwk" }`). Throws
 * `CryptoError("malformed")` naming the variable and what is wrong, never echoing the value.
 *
 * @example
 * const publicKey = parsePublicKey(env.SEALING_PUBLIC_KEY);
 */
export function parsePublicKey(json: string | undefined, variable = "SEALING_PUBLIC_KEY"): SealingPublicKey {
  const value = parseJson(json, variable);
  if (!isRecord(value)) throw invalid(variable, 'must be a JSON object { "kid", "publicJwk" }');
  const kid = readKid(value.kid, variable);
  const publicJwk = readEcJwk(value.publicJwk, false);
  if (typeof publicJwk === "string") throw invalid(variable, `publicJwk ${publicJwk}`);
  return { kid, publicJwk };
}

/**
 * Parses the runner's `SEALING_PRIVATE_KEYS` (JSON list of `{ "kid", "privateJwk" }`, newest first).
 * Throws `CryptoError("malformed")` naming the variable and the entry, never echoing key material.
 *
 * @example
 * const keyring = parsePrivateKeyring(env.SEALING_PRIVATE_KEYS);
 */
export function parsePrivateKeyring(
  json: string | undefined,
  variable = "SEALING_PRIVATE_KEYS",
): SealingPrivateKey[] {
  const value = parseJson(json, variable);
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(variable, 'must be a non-empty JSON list of { "kid", "privateJwk" }, newest first');
  }
  const seen = new Set<string>();
  return value.map((item, index) => {
    const where = `${variable}[${index}]`;
    if (!isRecord(item)) throw invalid(where, 'must be an object { "kid", "privateJwk" }');
    const kid = readKid(item.kid, where);
    if (seen.has(kid)) throw invalid(where, `repeats kid "${kid}"`);
    seen.add(kid);
    const privateJwk = readEcJwk(item.privateJwk, true);
    if (typeof privateJwk === "string") throw invalid(where, `privateJwk ${privateJwk}`);
    return { kid, privateJwk };
  });
}

/** The keyring after a rotation: the new key first, older keys kept so their rows still open. */
export function rotateKeyring(
  keyring: readonly SealingPrivateKey[],
  newest: SealingPrivateKey,
): SealingPrivateKey[] {
  return [newest, ...keyring.filter((entry) => entry.kid !== newest.kid)];
}

function parseJson(json: string | undefined, variable: string): unknown {
  if (typeof json !== "string" || json.trim() === "") {
    throw invalid(variable, "is not set (run `pnpm keys:generate`)");
  }
  try {
    return JSON.parse(json);
  } catch {
    // JSON.parse messages quote the input, which here is key material: say only where it broke.
    throw invalid(variable, "is not valid JSON");
  }
}

function readKid(kid: unknown, where: string): string {
  if (typeof kid !== "string" || !KID_PATTERN.test(kid)) throw invalid(where, "has no valid kid");
  return kid;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(where: string, reason: string): CryptoError {
  return new CryptoError("malformed", `${where} ${reason}`);
}
