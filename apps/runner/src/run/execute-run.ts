import type { SealingPrivateKey } from "@workflow-secrets/crypto";
import type { Db } from "@workflow-secrets/db";
import {
  findReferences,
  requestTemplate,
  SecretTooLargeError,
  type Step,
  workflowDefinitionSchema,
} from "@workflow-secrets/templating";
import { pinWrites, runEndWrites } from "../health/secret-health";
import type { Logger } from "../log/masked-logger";
import type { RefreshDeps } from "../oauth/fresh-tokens";
import { fireWithFreshTokens } from "../oauth/oauth-step";
import { createRunPolicy } from "../policy/run-policy";
import { idempotencyKeyOf } from "../steps/http";
import { describeError } from "../steps/step-outcome";
import { rejectUnverifiedDelivery, verificationSecretName } from "../webhook-verify/verify-run-delivery";
import { flushWrites, type Write } from "./batch";
import { expiredSecretMessage, expiredSecretOf } from "./expired-secrets";
import { fireStep } from "./fire-step";
import { createGrowingMasker, type GrowingMasker } from "./growing-masker";
import { heartbeatWrite, keepHeartbeat } from "./heartbeat";
import { mayRepeat, notRepeatedMessage } from "./in-flight-step";
import { stepFailedWrite, stepFinishedWrite, stepStartedWrite, stepsSkippedWrites } from "./persist-step";
import { secretUseWrites } from "./record-secret-use";
import { resolveSecrets } from "./resolve-secrets";
import { claimRun, finishRun, finishRunWrite } from "./run-state";
import { maskedTriggerWrite, openRunTrigger } from "./run-trigger";
import { secretMaskEntries } from "./secret-mask-entries";
import { storeStepResult } from "./store-result";

export type RunDeps = {
  db: Db;
  keyring: readonly SealingPrivateKey[];
  logger: Logger;
  /** ALLOW_PRIVATE_NETWORK: whether steps may reach loopback and private addresses. */
  allowPrivateNetwork: boolean;
  /** Test hooks for OAuth2 refresh (lease length, a store that fails); production passes nothing. */
  oauth?: Partial<RefreshDeps>;
};

/** Thrown when a run stopped for a reason outside its steps (D1 unavailable…): the message is masked. */
export class RunInterruptedError extends Error {
  override readonly name = "RunInterruptedError";
}

const iso = () => new Date().toISOString();

/**
 * Executes one queued run: claim it, resume after the steps already succeeded, open only the
 * owner's referenced secrets and the run's sealed trigger, store the trigger masked, fire each step
 * and persist it (masked) before the next.
 * Returns "skipped" when the run was not claimable (finished, or taken by another consumer).
 */
export async function executeRun(
  runId: string,
  redelivery: boolean,
  deps: RunDeps,
): Promise<"finished" | "skipped"> {
  const { db } = deps;
  const run = await claimRun(db, runId, redelivery, iso());
  if (!run) return "skipped";
  const logger = deps.logger.child({ runId, workflowId: run.workflowId });

  const parsed = workflowDefinitionSchema.safeParse(run.workflow?.definition);
  if (!run.workflow || !parsed.success) {
    await finishRun(
      db,
      runId,
      "failed",
      "the workflow definition could not be loaded; save the workflow again",
      iso(),
    );
    logger.warn("run failed: workflow definition missing or invalid");
    return "finished";
  }
  const ownerId = run.workflow.userId;
  const { steps } = parsed.data;

  // Resume point: the first step that has not succeeded. Outputs of earlier steps come back from
  // D1 (masked, exactly what a run without interruption hands to later steps).
  const outputs: Record<string, unknown> = {};
  let start = 0;
  while (start < steps.length && run.stored.get((steps[start] as Step).id)?.status === "succeeded") {
    const step = steps[start] as Step;
    outputs[step.id] = run.stored.get(step.id)?.output ?? null;
    start++;
  }
  const interrupted = start < steps.length ? run.stored.get((steps[start] as Step).id) : undefined;
  if (interrupted?.status === "failed") {
    await finishRun(db, runId, "failed", interrupted.error, iso());
    return "finished";
  }
  // The runner died while this step was in flight: it may have reached its destination. It is sent
  // again (with the same Idempotency-Key) only when a repeat is harmless or recognisable.
  if (interrupted?.status === "running" && !mayRepeat(steps[start] as Step)) {
    const message = notRepeatedMessage(steps[start] as Step);
    await flushWrites(db, [
      stepFailedWrite(db, runId, (steps[start] as Step).id, message, iso()),
      ...stepsSkippedWrites(db, runId, steps, start + 1, iso()),
      finishRunWrite(db, runId, "failed", message, iso()),
    ]);
    logger.warn("run failed: a step that may not repeat was in flight when the runner stopped");
    return "finished";
  }

  // Every secret the workflow references, not only those of the steps still to run: a resumed run
  // must mask a later response that echoes a secret an earlier step sent, as an uninterrupted run does.
  const allReferences = findReferences(parsed.data);
  const references = allReferences.filter((r) => r.root === "secrets");
  // The webhook's signing key too: verification reads it, and every byte stored is masked for it.
  const signingSecret = verificationSecretName(parsed.data);
  const names = [...new Set([...references.map((r) => r.name), ...(signingSecret ? [signingSecret] : [])])];
  // Versions pinned at the first delivery; every kept version is masked, the one in use is sent.
  const secrets = await resolveSecrets(db, ownerId, names, deps.keyring, { runId, now: iso() });
  let masker: GrowingMasker;
  try {
    masker = createGrowingMasker(secrets.toMask);
  } catch (error) {
    // A value saved before the 16 KiB cap: the masker refuses it, so nothing may be sent with it.
    if (!(error instanceof SecretTooLargeError)) throw error;
    await finishRun(db, runId, "failed", error.message, iso());
    logger.warn("run failed: a secret is over the masker's size cap");
    return "finished";
  }
  const runLogger = logger.withMasker(masker);
  const policy = createRunPolicy({
    policies: secrets.policies,
    values: secrets.values,
    references: allReferences,
  });
  // A resumed run knows what the steps already done carried or read, as an uninterrupted one does.
  for (let index = 0; index < start; index++) {
    const step = steps[index] as Step;
    policy.record(step, index, outputs[step.id]);
  }

  const opened = await openRunTrigger(run, ownerId, deps.keyring);
  if (!opened.ok) {
    await finishRun(db, runId, "failed", opened.error, iso());
    runLogger.warn("run failed: its sealed trigger did not open");
    return "finished";
  }

  // Before any step: a webhook delivery that fails its signature or is a replay ends `rejected`.
  const delivery = { runId, workflowId: run.workflowId, userId: ownerId, definition: parsed.data, masker };
  if (
    start === 0 &&
    (await rejectUnverifiedDelivery(db, { ...delivery, trigger: opened.trigger, secrets: secrets.values }))
  ) {
    runLogger.warn("run rejected: webhook delivery not verified");
    return "finished";
  }

  const expired = expiredSecretOf(secrets.opened, new Date());
  if (expired) {
    // Before any step fires: nothing is sent with a value its service no longer accepts.
    const message = expiredSecretMessage(expired);
    await flushWrites(db, [
      ...pinWrites(db, secrets.newPins),
      ...stepsSkippedWrites(db, runId, steps, start, iso()),
      finishRunWrite(db, runId, "failed", message, iso()),
      ...(await runEndWrites(
        db,
        { runId, opened: secrets.opened, failedAt: { secretNames: [], status: undefined } },
        iso(),
      )),
    ]);
    runLogger.info("run failed: a secret it uses has expired");
    return "finished";
  }

  try {
    // Written with the first step's start: one round trip. The run shows its trigger masked from now
    // on; the sealed original is deleted when the run ends.
    const triggerWrite = maskedTriggerWrite(db, runId, opened, masker);
    let pending: Write[] = [
      ...(triggerWrite ? [triggerWrite] : []),
      ...pinWrites(db, secrets.newPins),
      ...(await secretUseWrites(
        db,
        { userId: ownerId, workflowId: run.workflowId, runId },
        secrets.opened,
        iso(),
      )),
    ];
    const context = { secrets: secrets.values, trigger: opened.trigger, steps: outputs };
    const oauth = { deps: { ...deps, ...deps.oauth }, opened: secrets.opened, values: secrets.values };
    for (let index = start; index < steps.length; index++) {
      const step = steps[index] as Step;
      const request = requestTemplate(step, { idempotencyKey: idempotencyKeyOf({ runId, stepId: step.id }) });
      const row = { runId, step, index, request, startedAt: iso() };
      // The previous step's result and this step's start, stored before this step fires.
      const writes = [...pending, stepStartedWrite(db, row, masker), heartbeatWrite(db, runId, iso())];
      if (index === start) await flushWrites(db, writes);
      else if (!(await storeStepResult(db, { runId, steps, index: index - 1 }, writes, masker, runLogger))) {
        return "finished";
      }
      const blockedBy = references.find((r) => r.stepIndex === index && secrets.unopenable.has(r.name));
      const blocked = blockedBy && {
        reference: blockedBy,
        reason: secrets.unopenable.get(blockedBy.name) as string,
      };
      const stepContext = { runId, stepId: step.id, masker, allowPrivateNetwork: deps.allowPrivateNetwork };
      const stepReferences = references.filter((r) => r.stepIndex === index);
      const heartbeat = keepHeartbeat(db, runId, runLogger);
      const outcome = await fireWithFreshTokens(stepReferences, { ...oauth, masker }, () =>
        fireStep(step, context, stepContext, blocked, runLogger, (rendered) =>
          policy.check(step, index, rendered),
        ),
      ).finally(heartbeat.stop);
      const finished = stepFinishedWrite(db, row, outcome, new Date(), masker);
      if (outcome.status === "failed") {
        const message = finished.error ?? "the step failed";
        const runError = message.startsWith("step ") ? message : `step "${step.id}": ${message}`;
        const failedAt = {
          secretNames: references.filter((r) => r.stepIndex === index).map((r) => r.name),
          status: responseStatus(outcome.response),
        };
        const writes = [
          finished.write,
          ...stepsSkippedWrites(db, runId, steps, index + 1, iso()),
          finishRunWrite(db, runId, "failed", runError, iso()),
          ...(await runEndWrites(db, { runId, opened: secrets.opened, failedAt }, iso())),
        ];
        await storeStepResult(db, { runId, steps, index }, writes, masker, runLogger);
        runLogger.info("run failed", { stepId: step.id });
        return "finished";
      }
      outputs[step.id] = finished.output;
      policy.record(step, index, finished.output);
      pending = [finished.write];
    }
    const last = [
      ...pending,
      finishRunWrite(db, runId, "succeeded", null, iso()),
      ...(await runEndWrites(db, { runId, opened: secrets.opened }, iso())),
    ];
    if (start === steps.length) await flushWrites(db, last);
    else if (
      !(await storeStepResult(db, { runId, steps, index: steps.length - 1 }, last, masker, runLogger))
    ) {
      return "finished";
    }
    runLogger.info("run succeeded", { steps: steps.length - start });
    return "finished";
  } catch (error) {
    // Infrastructure errors can quote what they were given: mask before anyone sees them.
    const message = masker.mask(describeError(error));
    runLogger.error("run interrupted", { error: message });
    throw new RunInterruptedError(message);
  }
}

/** The HTTP status of a step's response, when it had one. */
function responseStatus(response: unknown): number | undefined {
  const status = (response as { status?: unknown } | null | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}
