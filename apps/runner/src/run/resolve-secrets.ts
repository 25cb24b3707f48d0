import {
  CryptoError,
  openSecret,
  parseCanonicalPolicy,
  type SealingPrivateKey,
  type SecretPolicy,
  secretAadForRow,
} from "@workflow-secrets/crypto";
import { type Db, runSecretVersions, secrets, secretVersions } from "@workflow-secrets/db";
import { decodeSecretFields, isSecretType } from "@workflow-secrets/secret-rules";
import type { SecretToMask, SecretValue } from "@workflow-secrets/templating";
import { and, eq, inArray, ne } from "drizzle-orm";
import { secretMaskEntries } from "./secret-mask-entries";

export type OpenedSecret = {
  id: string;
  name: string;
  /** The version this run uses (pinned when the run first opened its secrets). */
  version: number;
  /** When that version stops working, if known. */
  expiresAt: string | null;
  /** The type and policy column that version was sealed with (OAuth2 refresh re-seals with them). */
  type: string;
  policy: string | null;
};

export type ResolvedSecrets = {
  /**
   * name → plaintext (text) or fields (typed) of the pinned version, only for secrets that opened.
   * Never stored, never logged.
   */
  values: Record<string, SecretValue>;
  opened: OpenedSecret[];
  /** name → the policy sealed with the pinned version (null: a legacy row, unrestricted), for secrets that opened. */
  policies: Map<string, SecretPolicy | null>;
  /** name → why it could not be opened (a CryptoError code or a short reason, never a value). */
  unopenable: Map<string, string>;
  /**
   * Every kept version that opened (the pinned one included), for the masker only: a service that still
   * echoes a previous key is masked. Never placed in a request.
   */
  toMask: SecretToMask[];
  /** Pins to write for secrets this run had not pinned yet (first delivery). */
  newPins: (typeof runSecretVersions.$inferInsert)[];
};

/** D1 caps bound parameters per statement; names beyond this go in further statements of one batch. */
const NAMES_PER_QUERY = 90;

type Sealed = { envelope: string; sealedVersion: number; type: string; policy: string | null };

/**
 * Loads the owner's rows for exactly the referenced names, with their kept versions, and opens them in
 * parallel. The version used is the one pinned for this run (`run_secret_versions`), or the current one
 * when the run has not pinned it yet; either way every step of the run, and a redelivery that resumes it,
 * uses the same version even when the secret is rotated or rolled back meanwhile. Missing names are simply
 * absent: the step that references one fails with the templating error. Another user's secret of the same
 * name can never match (user_id filter).
 */
export async function resolveSecrets(
  db: Db,
  userId: string,
  names: readonly string[],
  keyring: readonly SealingPrivateKey[],
  run: { runId: string; now: string } = { runId: "", now: new Date().toISOString() },
): Promise<ResolvedSecrets> {
  // Null prototype: `__proto__` is a valid secret name, and on a plain object assigning it would
  // be dropped (the secret reported missing, the masker handed Object.prototype instead of the value).
  const resolved: ResolvedSecrets = {
    values: Object.create(null),
    opened: [],
    policies: new Map(),
    unopenable: new Map(),
    toMask: [],
    newPins: [],
  };
  if (names.length === 0) return resolved;
  // One round trip: the rows, their kept previous versions and this run's pins, in one D1 batch.
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_QUERY) chunks.push(names.slice(i, i + NAMES_PER_QUERY));
  const rowQueries = chunks.map((chunk) =>
    db
      .select({
        id: secrets.id,
        name: secrets.name,
        envelope: secrets.envelope,
        version: secrets.version,
        sealedVersion: secrets.sealedVersion,
        type: secrets.type,
        policy: secrets.policy,
        expiresAt: secrets.expiresAt,
      })
      .from(secrets)
      .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk))),
  );
  const keptQueries = chunks.map((chunk) =>
    db
      .select({
        secretId: secretVersions.secretId,
        version: secretVersions.version,
        sealedVersion: secretVersions.sealedVersion,
        envelope: secretVersions.envelope,
        type: secretVersions.type,
        policy: secretVersions.policy,
        expiresAt: secretVersions.expiresAt,
      })
      .from(secretVersions)
      .innerJoin(secrets, eq(secrets.id, secretVersions.secretId))
      .where(
        and(
          eq(secrets.userId, userId),
          eq(secretVersions.userId, userId),
          inArray(secrets.name, chunk),
          ne(secretVersions.version, secrets.version),
        ),
      ),
  );
  const pinQuery = db
    .select({ secretId: runSecretVersions.secretId, version: runSecretVersions.version })
    .from(runSecretVersions)
    .where(eq(runSecretVersions.runId, run.runId));
  const [pins, ...results] = await db.batch([pinQuery, ...rowQueries, ...keptQueries]);
  const rows = results.slice(0, chunks.length).flat() as Awaited<(typeof rowQueries)[number]>;
  if (rows.length === 0) return resolved;
  const kept = new Map<string, (Sealed & { version: number; expiresAt: string | null })[]>();
  for (const { secretId, ...row } of results.slice(chunks.length).flat() as Awaited<
    (typeof keptQueries)[number]
  >) {
    kept.set(secretId, [...(kept.get(secretId) ?? []), row]);
  }
  const pinned = new Map(pins.map((pin) => [pin.secretId, pin.version]));

  const open = ({ envelope, sealedVersion, type, policy }: Sealed, secretId: string) =>
    // The aad is built inside the promise, so a policy column that is not canonical is reported like
    // any unopenable row. A rolled-back version opens under the version number it was sealed as.
    (async (): Promise<SecretValue> => {
      const plaintext = await openSecret(envelope, {
        keyring,
        aad: secretAadForRow({ userId, secretId, version: sealedVersion, type, policy }),
      });
      // A typed value is always sealed v2 (its type in the aad): a typed row with a v1 aad had its type edited.
      if (type !== "text" && policy === null)
        throw new CryptoError("tampered", "a typed secret with a v1 aad");
      return typedValue(type, plaintext);
    })();
  const maskEntries = (name: string, value: SecretValue) => secretMaskEntries({ [name]: value });

  await Promise.all(
    rows.map(async (row) => {
      const version = pinned.get(row.id) ?? row.version;
      // `kept` holds the versions before the current one; the current one is the row itself.
      const current = { ...row, sealedVersion: row.sealedVersion ?? row.version };
      const history = kept.get(row.id) ?? [];
      const used: (Sealed & { expiresAt: string | null }) | undefined =
        version === row.version ? current : history.find((h) => h.version === version);
      // Every other kept version is masked: the current one too when the run is pinned to an older one.
      const previous: Sealed[] = [
        ...history.filter((h) => h.version !== version),
        ...(version === row.version ? [] : [current]),
      ];
      const masked = await Promise.allSettled(previous.map((h) => open(h, row.id)));
      for (const result of masked) {
        if (result.status === "fulfilled") resolved.toMask.push(...maskEntries(row.name, result.value));
      }
      if (!used) {
        resolved.unopenable.set(row.name, `version ${version}, which this run uses, is no longer kept`);
        return;
      }
      try {
        const value = await open(used, row.id);
        resolved.values[row.name] = value;
        resolved.toMask.push(...maskEntries(row.name, value));
        resolved.opened.push({
          id: row.id,
          name: row.name,
          version,
          expiresAt: used.expiresAt,
          type: used.type,
          policy: used.policy,
        });
        // It opened, so the column is exactly the canonical policy sealed into the aad.
        resolved.policies.set(
          row.name,
          used.policy === null ? null : (parseCanonicalPolicy(used.policy) ?? null),
        );
        if (!pinned.has(row.id) && run.runId) {
          resolved.newPins.push({
            runId: run.runId,
            secretId: row.id,
            userId,
            secretName: row.name,
            version,
            createdAt: run.now,
          });
        }
      } catch (error) {
        resolved.unopenable.set(row.name, error instanceof CryptoError ? error.code : "error");
      }
    }),
  );
  return resolved;
}

/** A text secret's plaintext is its value; a typed one's is the JSON of its fields (malformed if not). */
function typedValue(type: string, plaintext: string): SecretValue {
  if (type === "text") return plaintext;
  if (!isSecretType(type)) throw new CryptoError("malformed", `unknown secret type "${type}"`);
  try {
    return { type, fields: decodeSecretFields(type, plaintext) };
  } catch {
    throw new CryptoError("malformed", `the sealed fields of a ${type} secret could not be read`);
  }
}
