import { CryptoError } from "./errors";

/** Where a secret may be sent, as sealed with its value: destinations and whether scripts may read it. */
export interface SecretPolicy {
  /** Normalised destination rules (`https://host[:port][/path]`, `smtp://host:port`, `*.host`, or `*`). */
  destinations: readonly string[];
  /** Whether script steps may read the value. */
  scripts: boolean;
}

export interface SecretSlot {
  userId: string;
  secretId: string;
  version: number;
}

export interface SealedSecretSlot extends SecretSlot {
  /** The secret's type (`text` until typed secrets exist); lowercase letters, digits, `_`, `-`. */
  type: string;
  /** The policy sealed with the value. */
  policy: SecretPolicy;
}

/** A secrets row as stored: `policy` is the column's canonical JSON, or NULL for a legacy v1 row. */
export interface SecretRowSlot extends SecretSlot {
  type: string;
  policy: string | null;
}

/**
 * The one canonical encoding of a policy: `{"destinations":[…],"scripts":<bool>}`, destinations
 * deduplicated and sorted by code unit, and `*` (unrestricted) absorbing every other entry. The
 * same string is stored in the `secrets.policy` column and sealed into the aad, so any edit of the
 * column changes the aad. Entries are expected already normalised (secret-rules'
 * `normalisePolicy`); this function does not interpret them.
 *
 * @example
 * canonicalPolicy({ destinations: ["https://b.example", "https://a.example"], scripts: false });
 * // '{"destinations":["https://a.example","https://b.example"],"scripts":false}'
 */
export function canonicalPolicy({ destinations, scripts }: SecretPolicy): string {
  if (!Array.isArray(destinations) || typeof scripts !== "boolean") {
    throw new CryptoError("malformed", "a policy is { destinations: string[], scripts: boolean }");
  }
  for (const entry of destinations) {
    if (typeof entry !== "string" || entry.length === 0 || entry !== entry.trim()) {
      throw new CryptoError("malformed", "policy destinations must be non-empty trimmed strings");
    }
  }
  const unique = [...new Set(destinations)];
  const sorted = unique.includes("*") ? ["*"] : unique.sort(byCodeUnit);
  return JSON.stringify({ destinations: sorted, scripts });
}

/**
 * Reads a `secrets.policy` column: the policy, or undefined when the text is not exactly a
 * canonical policy (an edit by something other than the API). NULL is a legacy row: unrestricted.
 */
export function parseCanonicalPolicy(column: string): SecretPolicy | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(column);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { destinations, scripts } = parsed as Record<string, unknown>;
  if (!Array.isArray(destinations) || typeof scripts !== "boolean") return undefined;
  const policy: SecretPolicy = { destinations: destinations as string[], scripts };
  try {
    return canonicalPolicy(policy) === column ? policy : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Legacy aad of envelopes sealed before policies: `wfs/v1|user=<userId>|secret=<secretId>|version=<n>`.
 * Such rows keep opening and count as unrestricted. New values are sealed with {@link buildSealedSecretAad}.
 */
export function buildSecretAad({ userId, secretId, version }: SecretSlot): string {
  return `wfs/v1|${slotFields({ userId, secretId, version })}`;
}

/**
 * The aad that binds a ciphertext to its owner, row, version, type and policy:
 * `wfs/v2|user=<userId>|secret=<secretId>|version=<n>|type=<type>|policy=<canonical policy>`.
 * The policy comes last, so characters inside it cannot shift the fields before it.
 *
 * @example
 * const aad = buildSealedSecretAad({ userId, secretId, version: 1, type: "text", policy });
 */
export function buildSealedSecretAad({ userId, secretId, version, type, policy }: SealedSecretSlot): string {
  if (typeof type !== "string" || !/^[a-z0-9_-]{1,32}$/.test(type)) {
    throw new CryptoError("malformed", "aad type must be 1-32 lowercase letters, digits, '_' or '-'");
  }
  return `wfs/v2|${slotFields({ userId, secretId, version })}|type=${type}|policy=${canonicalPolicy(policy)}`;
}

/**
 * The aad to open a stored row with: v1 when its policy column is NULL (legacy), v2 otherwise.
 * A column that is not a canonical policy throws `tampered`: only the API writes it, canonically.
 * Setting a v2 row's policy to NULL yields the v1 aad, which fails to open as tampered too.
 *
 * @example
 * const value = await openSecret(row.envelope, { keyring, aad: secretAadForRow({ userId, secretId: row.id, ...row }) });
 */
export function secretAadForRow({ userId, secretId, version, type, policy }: SecretRowSlot): string {
  if (policy === null) return buildSecretAad({ userId, secretId, version });
  const parsed = parseCanonicalPolicy(policy);
  if (!parsed) {
    throw new CryptoError("tampered", "the secret's policy column is not a policy this deployment wrote");
  }
  return buildSealedSecretAad({ userId, secretId, version, type, policy: parsed });
}

function slotFields({ userId, secretId, version }: SecretSlot): string {
  // A `|` inside an id would let two different slots produce the same aad string.
  if (!isAadId(userId) || !isAadId(secretId)) {
    throw new CryptoError("malformed", "aad ids must be non-empty and must not contain '|' or '='");
  }
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new CryptoError("malformed", "aad version must be a positive integer");
  }
  return `user=${userId}|secret=${secretId}|version=${version}`;
}

export function isAadId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && !/[|=]/.test(id);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
