import type { SealingPublicKey } from "@workflow-secrets/crypto";
import type { Db } from "@workflow-secrets/db";

export type { SealingPublicKey };

/**
 * What every procedure receives. Built per request by `createApiContext` (index.ts) from the
 * validated env. Typed structurally, without Workers globals, so `AppRouter` can be imported by
 * browsers and Node (the extension, the client) without the Worker's runtime types.
 */
/** Body of every message on the runs queue (see the wiring contract). */
export interface RunMessage {
  runId: string;
}

export interface RunsQueueProducer {
  send(message: RunMessage): Promise<unknown>;
}

export interface ApiContext {
  db: Db;
  sealingKey: SealingPublicKey;
  runsQueue: RunsQueueProducer;
  /** Keeps background work (lastUsedAt bookkeeping) alive after the response. */
  waitUntil(promise: Promise<unknown>): void;
  authorization: string | null;
}
