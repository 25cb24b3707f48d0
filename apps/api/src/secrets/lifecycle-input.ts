import { readJwtExpiry } from "@workflow-secrets/secret-rules";
import { z } from "zod";
import type { AuthenticatedUser } from "../auth/authenticate";

/** Lifecycle settings a caller may give with a value (create, update) or alone (configure). */
export const lifecycleSettings = {
  /** When the value stops working (ISO-8601); null clears it. A JWT's `exp` is used when this is absent. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Versions before the current one kept sealed for rollback and masking (default 5). */
  versionsKept: z.number().int().min(0).max(20).optional(),
  /** Days before expiresAt the secret counts as `expiring` (default 14). */
  expiryWarningDays: z.number().int().min(0).max(365).optional(),
};

export type LifecycleSettings = {
  expiresAt?: string | null;
  versionsKept?: number;
  expiryWarningDays?: number;
};

/**
 * The expiry of a value being saved: the caller's `expiresAt` when given (null: none), else the `exp` of a
 * JWT value. Read here, from the value in the request, before sealing: the API cannot open it later.
 * A new value without either has no expiry (the previous value's date says nothing about it).
 */
export function expiryOfNewValue(value: string, expiresAt: string | null | undefined): string | null {
  if (expiresAt !== undefined) return expiresAt === null ? null : new Date(expiresAt).toISOString();
  return readJwtExpiry(value)?.toISOString() ?? null;
}

/** Who wrote a version, as `secret_versions.created_by` keeps it: `session:<id>` or `token:<id>`. */
export function versionAuthor(auth: Pick<AuthenticatedUser, "tokenKind" | "tokenId">): string {
  return `${auth.tokenKind === "session" ? "session" : "token"}:${auth.tokenId}`;
}

export type VersionAuthor = { kind: "session" | "token" | "runner" | "unknown"; tokenId: string | null };

/** `created_by` as the API shows it. */
export function parseVersionAuthor(createdBy: string): VersionAuthor {
  const [kind, tokenId] = createdBy.split(":", 2);
  if ((kind === "session" || kind === "token") && tokenId) return { kind, tokenId };
  if (kind === "runner") return { kind, tokenId: null };
  return { kind: "unknown", tokenId: null };
}
