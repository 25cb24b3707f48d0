import { env } from "cloudflare:workers";
import {
  canonicalPolicy,
  type SealingPublicKey,
  type SecretPolicy,
  sealSecret,
  secretAadForRow,
} from "@workflow-secrets/crypto";
import {
  createDb,
  runs,
  runTriggers,
  sealTrigger,
  secrets,
  users,
  workflowSecretRefs,
  workflows,
} from "@workflow-secrets/db";
import {
  checkDefinition,
  type WorkflowDefinitionInput,
  workflowDefinitionSchema,
} from "@workflow-secrets/templating";
import { and, eq } from "drizzle-orm";

/**
 * Test data written straight into the migrated D1 with drizzle, sealed the way the API seals:
 * with the deployment's public key and the row's aad. No API in between, no mocks.
 */
export const db = createDb(env.DB);
const publicKeys = JSON.parse(env.TEST_PUBLIC_KEYS) as { newest: SealingPublicKey; older: SealingPublicKey };
export const newestKid = publicKeys.newest.kid;
/** What the API has as `SEALING_PUBLIC_KEY`. */
export const sealingPublicKey = publicKeys.newest;
export const olderKid = publicKeys.older.kid;

const now = () => new Date().toISOString();
export const uid = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;

export async function seedUser(): Promise<string> {
  const id = uid("usr");
  await db.insert(users).values({ id, email: `${id}@example.test`, passwordHash: "not-used" });
  return id;
}

/**
 * Creates or rotates (version + 1) a secret, sealed with the newest key unless told otherwise.
 * Without a policy it is a legacy row (aad `wfs/v1`, policy NULL: unrestricted), as rows written
 * before policies existed; with one, it is sealed `wfs/v2` with that policy, as the API seals.
 */
export async function putSecret(
  userId: string,
  name: string,
  value: string,
  key: "newest" | "older" = "newest",
  policy?: SecretPolicy,
) {
  const existing = await db
    .select()
    .from(secrets)
    .where(and(eq(secrets.userId, userId), eq(secrets.name, name)))
    .get();
  const id = existing?.id ?? uid("sec");
  const version = (existing?.version ?? 0) + 1;
  const publicKey = publicKeys[key];
  const policyColumn = policy ? canonicalPolicy(policy) : null;
  const type = "text";
  const envelope = await sealSecret(value, {
    publicKey,
    aad: secretAadForRow({ userId, secretId: id, version, type, policy: policyColumn }),
  });
  const row = {
    envelope,
    kid: publicKey.kid,
    version,
    type,
    policy: policyColumn,
    updatedAt: now(),
    preview: "••••",
  };
  if (existing) await db.update(secrets).set(row).where(eq(secrets.id, id));
  else await db.insert(secrets).values({ id, userId, name, ...row });
  return { id, version };
}

export async function deleteSecret(userId: string, name: string) {
  await db.delete(secrets).where(and(eq(secrets.userId, userId), eq(secrets.name, name)));
}

export async function seedWorkflow(
  userId: string,
  input: WorkflowDefinitionInput,
  extra: { nextRunAt?: string | null; enabled?: boolean } = {},
) {
  const definition = workflowDefinitionSchema.parse(input);
  const id = uid("wf");
  const trigger = definition.trigger;
  const webhookId = trigger.type === "webhook" ? uid("hook") : null;
  await db.insert(workflows).values({
    id,
    userId,
    name: definition.name,
    definition: input,
    triggerType: trigger.type,
    cron: trigger.type === "schedule" ? trigger.cron : null,
    timezone: trigger.type === "schedule" ? (trigger.timezone ?? null) : null,
    nextRunAt: extra.nextRunAt ?? null,
    enabled: extra.enabled ?? true,
    webhookId,
    updatedAt: now(),
  });
  const names = checkDefinition(definition).secretNames;
  if (names.length > 0) {
    await db
      .insert(workflowSecretRefs)
      .values(names.map((secretName) => ({ workflowId: id, userId, secretName })));
  }
  return { id, webhookId };
}

/**
 * What `workflows.run` does (queueRun without the Queue send): a queued run whose input is sealed to
 * the runner's key in `run_triggers`; the test then delivers it to the consumer.
 */
export async function queueRun(
  workflowId: string,
  userId: string,
  triggerInput: unknown = {},
  triggerType: "manual" | "webhook" = "manual",
) {
  const id = uid("run");
  const envelope = await sealTrigger(triggerInput, { userId, workflowId, runId: id }, publicKeys.newest);
  await db.batch([
    db.insert(runs).values({ id, workflowId, userId, triggerType, status: "queued" }),
    db.insert(runTriggers).values({ runId: id, envelope }),
  ]);
  return id;
}
