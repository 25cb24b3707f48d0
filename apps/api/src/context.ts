import type { SealingPublicKey } from "@workflow-secrets/crypto";
import type { Db, RunsQueue } from "@workflow-secrets/db";
import type { UsageLimits } from "./limits/usage-limits";

export type { SealingPublicKey };

/**
 * What every procedure receives. Built per request by `createApiContext` (index.ts) from the
 * validated env. Typed structurally, without Workers globals, so `AppRouter` can be imported by
 * browsers and Node (the extension, the client) without the Worker's runtime types.
 */
export interface ApiContext {
  db: Db;
  sealingKey: SealingPublicKey;
  runsQueue: RunsQueue;
  /** Per-user quotas and caps from the Worker's vars (limits/usage-limits.ts). */
  limits: UsageLimits;
  /** Keeps background work (lastUsedAt bookkeeping) alive after the response. */
  waitUntil(promise: Promise<unknown>): void;
  authorization: string | null;
  /** Who is calling, for per-client throttles (see auth/client-address.ts). */
  clientAddress: string;
  /** Set by the init middleware; carried into the 5xx log line so it can be matched to the request. */
  requestId: string;
  /** The API's own origin as the caller reached it (`http://127.0.0.1:8787`): OAuth2 callbacks come back here. */
  requestOrigin: string;
}
