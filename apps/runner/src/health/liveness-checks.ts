import { createDb, type Db, secrets } from "@workflow-secrets/db";
import { maskUnregisteredCredentials } from "@workflow-secrets/secret-rules";
import { createMasker, type Step, workflowDefinitionSchema } from "@workflow-secrets/templating";
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { RunnerConfig } from "../env";
import type { Logger } from "../log/masked-logger";
import { flushWrites, type Write } from "../run/batch";
import { fireStep } from "../run/fire-step";
import { resolveSecrets } from "../run/resolve-secrets";
import { stateChangeWrites } from "./secret-health";

/** Checks sent per cron tick at most (each is one request of at most 10 s). */
export const LIVENESS_BATCH = 10;
const LIVENESS_TIMEOUT_MS = 10_000;

/**
 * Every minute: sends the liveness checks that were asked for (`secrets.checkLiveness`) or are due on their
 * schedule, through the same step path as a run (rendering, escaping, egress rules). Only the outcome is
 * kept: the HTTP status, or `error: <reason>` masked with every kept version of the secret. A 401/403 marks
 * the secret failing, a 2xx clears that; the state change is audited like any other.
 */
export async function runLivenessChecks(env: Env, config: RunnerConfig, now: Date, logger: Logger) {
  const db = createDb(env.DB);
  const at = now.toISOString();
  const due = await db
    .select({
      id: secrets.id,
      userId: secrets.userId,
      name: secrets.name,
      check: secrets.livenessCheck,
    })
    .from(secrets)
    .where(
      and(
        isNotNull(secrets.livenessCheck),
        or(
          isNotNull(secrets.livenessRequestedAt),
          and(
            isNotNull(secrets.livenessEveryMinutes),
            sql`coalesce(${secrets.livenessCheckedAt}, '') <= strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '-' || ${secrets.livenessEveryMinutes} || ' minutes')`,
          ),
        ),
      ),
    )
    .limit(LIVENESS_BATCH);
  if (due.length === 0) return { checked: 0 };
  const writes: Write[] = [];
  for (const secret of due) {
    const result = await checkOne(db, config, secret, logger);
    const refused = result === "401" || result === "403";
    const accepted = /^2\d\d$/.test(result);
    writes.push(
      db
        .update(secrets)
        .set({
          livenessCheckedAt: at,
          livenessRequestedAt: null,
          livenessResult: result,
          ...(refused ? { failingSince: sql`coalesce(${secrets.failingSince}, ${at})` } : {}),
          ...(accepted ? { failingSince: null } : {}),
        })
        .where(eq(secrets.id, secret.id)),
    );
  }
  const ids = due.map((s) => s.id);
  await flushWrites(db, [...writes, ...stateChangeWrites(db, now, inArray(secrets.id, ids))]);
  logger.info("liveness checks sent", { checked: due.length });
  return { checked: due.length };
}

type DueCheck = { id: string; userId: string; name: string; check: unknown };

/** One check: `"200"`-style status, or `error: …` (masked; never the value). */
async function checkOne(db: Db, config: RunnerConfig, secret: DueCheck, logger: Logger): Promise<string> {
  const parsed = workflowDefinitionSchema.safeParse({
    name: "liveness",
    trigger: { type: "manual" },
    steps: [
      {
        id: "liveness",
        type: "http",
        retries: 0,
        timeoutMs: LIVENESS_TIMEOUT_MS,
        ...(secret.check as object),
      },
    ],
  });
  if (!parsed.success) return "error: the check is not a valid request; set it again";
  const resolved = await resolveSecrets(db, secret.userId, [secret.name], config.keyring);
  const reason = resolved.unopenable.get(secret.name);
  if (reason || resolved.values[secret.name] === undefined) {
    return `error: the secret could not be opened (${reason ?? "missing"})`;
  }
  const masker = createMasker(resolved.toMask);
  const outcome = await fireStep(
    parsed.data.steps[0] as Step,
    { secrets: resolved.values, trigger: {}, steps: {} },
    {
      runId: `liveness-${secret.id}`,
      stepId: "liveness",
      masker,
      allowPrivateNetwork: config.allowPrivateNetwork,
    },
    undefined,
    logger.withMasker(masker),
  );
  const status = (outcome.response as { status?: unknown } | undefined)?.status;
  if (typeof status === "number") return String(status);
  const error = maskUnregisteredCredentials(masker.mask(outcome.error ?? "no answer")).text;
  return `error: ${error.slice(0, 200)}`;
}
