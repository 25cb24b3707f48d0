import {
  buildTriggerAad,
  openSecret,
  type SealingPrivateKey,
  type SealingPublicKey,
  sealSecret,
  type TriggerSlot,
} from "@workflow-secrets/crypto";

/**
 * The longest sealed trigger stored: D1 caps a string and a row at 2,000,000 bytes, the envelope is
 * ASCII, and the `run_triggers` row holds a run id and a timestamp beside it. About 1.42 MiB of JSON
 * once base64url's third and HPKE's few bytes are added: a 1 MiB webhook body fits with its headers.
 */
export const MAX_SEALED_TRIGGER_CHARS = 1_990_000;

/**
 * Seals a run's trigger (webhook `{ body, headers, rawBody? }` or manual input) to the runner's
 * public key, bound to the run: only the runner opens it, and only for this user, workflow and run.
 *
 * @example
 * const envelope = await sealTrigger(trigger, { userId, workflowId, runId }, config.sealingKey);
 */
export function sealTrigger(
  trigger: unknown,
  slot: TriggerSlot,
  publicKey: SealingPublicKey,
): Promise<string> {
  return sealSecret(JSON.stringify(trigger ?? null), { publicKey, aad: buildTriggerAad(slot) });
}

/**
 * Opens what `sealTrigger` sealed. Throws `CryptoError` (`malformed`, `unknown-key`, `tampered`: a
 * sealed trigger moved to another run does not open). Not cached: each trigger is opened once per
 * delivery of its run.
 */
export async function openTrigger(
  envelope: string,
  slot: TriggerSlot,
  keyring: readonly SealingPrivateKey[],
): Promise<unknown> {
  const text = await openSecret(envelope, { keyring, aad: buildTriggerAad(slot), cache: false });
  return JSON.parse(text) as unknown;
}
