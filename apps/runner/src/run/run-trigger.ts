import { isCryptoError, type SealingPrivateKey } from "@workflow-secrets/crypto";
import { type Db, openTrigger, runs } from "@workflow-secrets/db";
import { jsonTooDeepMessage, jsonValueTooDeep, type Masker } from "@workflow-secrets/templating";
import { eq } from "drizzle-orm";
import type { Write } from "./batch";
import type { ClaimedRun } from "./run-state";

/** The masked copy stays well under D1's 2 MB row cap, which the run's other columns share. */
export const MAX_STORED_TRIGGER_BYTES = 1_900_000;

export type OpenedTrigger = { ok: true; trigger: unknown; sealed: boolean } | { ok: false; error: string };

/**
 * The trigger the run's templates and scripts read: the caller's original, sealed at intake and bound
 * to this owner, workflow and run (moved to another run it does not open). A run queued before
 * triggers were sealed, or a scheduled run, has it in `trigger_input` instead.
 */
export async function openRunTrigger(
  run: ClaimedRun,
  ownerId: string,
  keyring: readonly SealingPrivateKey[],
): Promise<OpenedTrigger> {
  if (run.sealedTrigger === null)
    return checkDepth({ ok: true, trigger: run.triggerInput ?? {}, sealed: false });
  try {
    const slot = { userId: ownerId, workflowId: run.workflowId, runId: run.id };
    return checkDepth({
      ok: true,
      trigger: await openTrigger(run.sealedTrigger, slot, keyring),
      sealed: true,
    });
  } catch (error) {
    // A fixed message: nothing from the envelope or a lower layer reaches the run's error.
    const reason = isCryptoError(error) ? error.code : "malformed";
    return { ok: false, error: `the run's trigger could not be opened (${reason}); send it again` };
  }
}

/**
 * The API refuses deeper input at intake; this guards runs stored before that rule or by another
 * writer: masking, templates and QuickJS all walk the trigger recursively.
 */
function checkDepth(opened: OpenedTrigger): OpenedTrigger {
  if (!opened.ok || !jsonValueTooDeep(opened.trigger)) return opened;
  return { ok: false, error: `${jsonTooDeepMessage("the run's trigger")}; no step was started` };
}

/**
 * Stores the trigger as the run may show it: masked with the run's masker (every secret the workflow
 * references). Written for a sealed trigger, and for an older plaintext one when masking changed it;
 * nothing otherwise (a scheduled run's `{ scheduledFor }` stays as it is).
 */
export function maskedTriggerWrite(
  db: Db,
  runId: string,
  opened: { trigger: unknown; sealed: boolean },
  masker: Masker,
): Write | undefined {
  const masked = masker.maskJson(opened.trigger);
  const text = JSON.stringify(masked) ?? "null";
  if (!opened.sealed && text === JSON.stringify(opened.trigger)) return undefined;
  const bytes = new TextEncoder().encode(text).byteLength;
  const stored =
    bytes <= MAX_STORED_TRIGGER_BYTES
      ? masked
      : { omitted: `the masked trigger (${bytes} bytes of JSON) is larger than a run can store` };
  return db.update(runs).set({ triggerInput: stored }).where(eq(runs.id, runId));
}
