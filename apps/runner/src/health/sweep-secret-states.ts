import { createDb } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";
import { flushWrites } from "../run/batch";
import { stateChangeWrites } from "./secret-health";

/** Secrets whose state is re-recorded per tick at most (the rest follow on the next ticks). */
export const STATE_SWEEP_BATCH = 500;

/**
 * Every minute: records the states that time alone changes (a secret becomes expiring, expired or unused
 * without any run), each change with its `secret.state_changed` audit event.
 */
export async function sweepSecretStates(env: Env, now: Date, logger: Logger): Promise<void> {
  const db = createDb(env.DB);
  await flushWrites(db, stateChangeWrites(db, now, undefined, STATE_SWEEP_BATCH));
  logger.info("secret states swept");
}
