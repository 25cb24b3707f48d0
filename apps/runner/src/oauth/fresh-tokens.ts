import type { SealingPrivateKey } from "@workflow-secrets/crypto";
import type { Db } from "@workflow-secrets/db";
import type { SecretFields } from "@workflow-secrets/secret-rules";
import { sleep } from "../steps/backoff";
import { type CredentialRow, loadCredentialRow, openCredential } from "./credential-row";
import {
  acquireRefreshLease,
  markTokenRequestSent,
  REFRESH_LEASE_MS,
  releaseRefreshLease,
} from "./refresh-lease";
import { markNeedsReconnect, storeRefreshedTokens } from "./store-tokens";
import { requestTokens } from "./token-endpoint";

/** Refresh before a step fires when the access token expires within this margin. */
export const EXPIRY_MARGIN_MS = 60_000;
const WAIT_STEP_MS = 150;

export type FreshTokens =
  | { ok: true; fields: SecretFields; version: number }
  | { ok: false; reconnect: boolean; message: string };

export type RefreshDeps = {
  db: Db;
  keyring: readonly SealingPrivateKey[];
  allowPrivateNetwork: boolean;
  /** For tests of crash ordering; production stores with storeRefreshedTokens. */
  store?: typeof storeRefreshedTokens;
  leaseMs?: number;
  now?: () => number;
};

/**
 * An access token that may be sent: present, not the one a service just refused, and not expiring
 * within `margin` (60 s for the run's own copy). A token another run has just stored is used while
 * it is valid at all (margin 0): that is the refresh the others waited for, even when the server
 * issues tokens that live less than 60 s.
 */
export function isUsable(
  fields: SecretFields,
  now: number,
  refused?: string,
  margin = EXPIRY_MARGIN_MS,
): boolean {
  const token = fields.accessToken;
  if (!token || token === refused) return false;
  if (!fields.expiresAt) return true;
  return Date.parse(fields.expiresAt) - now > margin;
}

/**
 * An OAuth2 credential's fields with an access token that may be used now: the run's copy when it
 * is fresh, else a newer version another run stored, else a refresh of our own. At most one refresh
 * per credential at a time, across runs and isolates: the D1 lease (refresh-lease.ts); whoever does
 * not hold it waits for the holder's stored result and uses that. `refused` is an access token a
 * service just answered 401 to: it is refreshed even if its expiry says it is fresh.
 */
export async function freshTokens(
  deps: RefreshDeps,
  credential: { id: string; name: string; version: number; fields: SecretFields },
  refused?: string,
): Promise<FreshTokens> {
  const now = deps.now ?? Date.now;
  if (isUsable(credential.fields, now(), refused)) {
    return { ok: true, fields: credential.fields, version: credential.version };
  }
  const deadline = now() + 2 * (deps.leaseMs ?? REFRESH_LEASE_MS);
  for (;;) {
    const row = await loadCredentialRow(deps.db, credential.id);
    if (!row)
      return {
        ok: false,
        reconnect: false,
        message: `the OAuth2 credential "${credential.name}" was deleted during the run`,
      };
    if (row.needsReconnectAt) return needsReconnect(credential.name, "an earlier refresh was refused");
    if (row.version !== credential.version) {
      const fields = await openCredential(row, deps.keyring);
      if (isUsable(fields, now(), refused, 0)) return { ok: true, fields, version: row.version };
    }
    const lease = await acquireRefreshLease(deps.db, row.id, row.version, now(), deps.leaseMs);
    if (!lease.acquired) {
      if (now() > deadline) {
        return {
          ok: false,
          reconnect: false,
          message: `another refresh of the OAuth2 credential "${credential.name}" did not finish; run the workflow again`,
        };
      }
      await sleep(WAIT_STEP_MS);
      continue;
    }
    return refreshHoldingLease(deps, row, lease, refused);
  }
}

async function refreshHoldingLease(
  deps: RefreshDeps,
  row: CredentialRow,
  lease: { holder: string; interrupted: boolean },
  refused: string | undefined,
): Promise<FreshTokens> {
  const now = deps.now ?? Date.now;
  // Another run may have stored between our read and the lease: use its result.
  const latest = await loadCredentialRow(deps.db, row.id);
  if (!latest || latest.version !== row.version) {
    await releaseRefreshLease(deps.db, row.id, lease.holder);
    return freshTokens(deps, { id: row.id, name: row.name, version: row.version, fields: {} }, refused);
  }
  const fields = await openCredential(row, deps.keyring);
  if (isUsable(fields, now(), refused)) {
    await releaseRefreshLease(deps.db, row.id, lease.holder);
    return { ok: true, fields, version: row.version };
  }
  const grant = fields.grant === "client_credentials" ? "client_credentials" : "refresh_token";
  if (grant === "refresh_token" && lease.interrupted) {
    // The previous holder sent this refresh token and died before storing the answer: with rotation
    // it is spent, and sending it again could make the server revoke the whole grant.
    await markNeedsReconnect(deps.db, row, lease);
    return needsReconnect(
      row.name,
      "a refresh was interrupted after its request was sent, so its refresh token may be used up",
    );
  }
  if (grant === "refresh_token" && !fields.refreshToken) {
    await markNeedsReconnect(deps.db, row, lease);
    return needsReconnect(row.name, "it has no refresh token");
  }
  await markTokenRequestSent(deps.db, row.id, lease.holder, now());
  const result = await requestTokens(
    fields,
    grant === "refresh_token" ? { grant, refreshToken: fields.refreshToken as string } : { grant },
    deps,
  );
  if (!result.ok) {
    if (result.kind === "refused") {
      await markNeedsReconnect(deps.db, row, lease);
      return needsReconnect(row.name, `the token endpoint refused the refresh (${result.reason})`);
    }
    await releaseRefreshLease(deps.db, row.id, lease.holder);
    return {
      ok: false,
      reconnect: false,
      message: `the OAuth2 credential "${row.name}" could not be refreshed: ${result.reason}; run the workflow again later`,
    };
  }
  const next: SecretFields = { ...fields, accessToken: result.accessToken };
  if (result.refreshToken) next.refreshToken = result.refreshToken;
  if (result.expiresIn) next.expiresAt = new Date(now() + result.expiresIn * 1000).toISOString();
  else delete next.expiresAt;
  const store = deps.store ?? storeRefreshedTokens;
  let stored = false;
  try {
    stored = await store(deps.db, deps.keyring, row, next, lease);
  } catch {
    stored = false;
  }
  if (!stored) {
    // The new tokens are dropped unused. The lease stays with request_sent_at set until it expires,
    // so the next refresher knows a rotated refresh token may have been lost.
    return {
      ok: false,
      reconnect: false,
      message: `the OAuth2 credential "${row.name}" was refreshed but the new tokens could not be stored; run the workflow again`,
    };
  }
  return { ok: true, fields: next, version: row.version + 1 };
}

function needsReconnect(name: string, why: string): FreshTokens {
  return {
    ok: false,
    reconnect: true,
    message: `the OAuth2 credential "${name}" needs reconnecting: ${why}. Connect it again (extension: Secrets → ${name} → Connect) or save a new refresh token with secrets.update`,
  };
}
