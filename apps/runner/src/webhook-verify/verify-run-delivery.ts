import { auditEvents, type Db, newId, runs, webhookDeliveries } from "@workflow-secrets/db";
import type { Masker, SecretValue, WorkflowDefinition } from "@workflow-secrets/templating";
import { and, eq } from "drizzle-orm";
import { sha256Hex } from "./hmac";
import { type Verdict, verifyDelivery } from "./presets";

export interface RunDelivery {
  runId: string;
  workflowId: string;
  userId: string;
  definition: WorkflowDefinition;
  /** The opened trigger: `{ body, headers, rawBody? }` for a webhook delivery. */
  trigger: unknown;
  /** The run's opened secrets (the signing key among them). */
  secrets: Readonly<Record<string, SecretValue>>;
  masker: Masker;
}

/** The secret a workflow's webhook verification reads, if it verifies. */
export function verificationSecretName(definition: WorkflowDefinition): string | undefined {
  return definition.trigger.type === "webhook" ? definition.trigger.verify?.secret : undefined;
}

/**
 * For a workflow whose webhook trigger verifies signatures: checks the run's delivery over its exact
 * raw body before any step fires, then that no earlier run of the workflow accepted the same delivery
 * id. Every run of such a workflow is checked (a manual run with forged input is refused too). A
 * failure ends the run `rejected` with a masked reason and writes a `webhook.rejected` audit event.
 * Returns true when the run was rejected.
 */
export async function rejectUnverifiedDelivery(db: Db, delivery: RunDelivery): Promise<boolean> {
  const config =
    delivery.definition.trigger.type === "webhook" ? delivery.definition.trigger.verify : undefined;
  if (!config) return false;
  const verdict = await judge(db, delivery, config);
  if (verdict.ok) return false;
  const now = new Date().toISOString();
  const reason = delivery.masker.mask(
    `webhook delivery rejected (${config.preset} signature): ${verdict.reason}; no step ran`,
  );
  await db.batch([
    db
      .update(runs)
      .set({ status: "rejected", error: reason, finishedAt: now })
      .where(and(eq(runs.id, delivery.runId), eq(runs.status, "running"))),
    db.insert(auditEvents).values({
      id: newId("audit"),
      userId: delivery.userId,
      action: "webhook.rejected",
      actor: "runner",
      workflowId: delivery.workflowId,
      runId: delivery.runId,
      createdAt: now,
    }),
  ]);
  return true;
}

async function judge(
  db: Db,
  delivery: RunDelivery,
  config: NonNullable<Extract<WorkflowDefinition["trigger"], { type: "webhook" }>["verify"]>,
): Promise<Verdict> {
  const key = delivery.secrets[config.secret];
  if (key === undefined) {
    return { ok: false, reason: `the signing secret "${config.secret}" is missing or could not be opened` };
  }
  if (typeof key !== "string") {
    return {
      ok: false,
      reason: `the signing secret "${config.secret}" is a ${key.type} secret: use a text secret`,
    };
  }
  const trigger = (delivery.trigger ?? {}) as { body?: unknown; headers?: unknown; rawBody?: unknown };
  const rawBody =
    typeof trigger.rawBody === "string"
      ? trigger.rawBody
      : typeof trigger.body === "string"
        ? trigger.body
        : undefined;
  if (rawBody === undefined) {
    return {
      ok: false,
      reason: "the exact body was not kept (a JSON body over 256 KiB), so it cannot be verified",
    };
  }
  const headers: Record<string, string> = {};
  if (trigger.headers && typeof trigger.headers === "object") {
    for (const [name, value] of Object.entries(trigger.headers)) {
      if (typeof value === "string") headers[name.toLowerCase()] = value;
    }
  }
  const [row] = await db.select({ createdAt: runs.createdAt }).from(runs).where(eq(runs.id, delivery.runId));
  const receivedAt = Math.floor(Date.parse(row?.createdAt ?? "") / 1000);
  if (!Number.isSafeInteger(receivedAt)) return { ok: false, reason: "the run has no intake time" };
  const verdict = await verifyDelivery(config, { rawBody, headers, key, receivedAt });
  if (!verdict.ok) return verdict;
  return (await firstToClaim(db, delivery, verdict.deliveryId))
    ? verdict
    : { ok: false, reason: "replayed: a delivery with the same id was already accepted for this workflow" };
}

/** Records the delivery id for the workflow; true when this run holds it (first, or a redelivery of it). */
async function firstToClaim(db: Db, delivery: RunDelivery, deliveryId: string): Promise<boolean> {
  const deliveryHash = await sha256Hex(deliveryId);
  const key = and(
    eq(webhookDeliveries.workflowId, delivery.workflowId),
    eq(webhookDeliveries.deliveryHash, deliveryHash),
  );
  const [, holders] = await db.batch([
    db
      .insert(webhookDeliveries)
      .values({
        workflowId: delivery.workflowId,
        deliveryHash,
        runId: delivery.runId,
        seenAt: new Date().toISOString(),
      })
      .onConflictDoNothing(),
    db.select({ runId: webhookDeliveries.runId }).from(webhookDeliveries).where(key),
  ]);
  return holders[0]?.runId === delivery.runId;
}
