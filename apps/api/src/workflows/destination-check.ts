import { parseCanonicalPolicy } from "@workflow-secrets/crypto";
import { type Db, secrets } from "@workflow-secrets/db";
import {
  compilePolicy,
  type DestinationTarget,
  destinationRefusalMessage,
  scriptRefusalMessage,
  smtpTarget,
  targetOrigin,
  urlTarget,
} from "@workflow-secrets/secret-rules";
import type { Reference, Step, WorkflowDefinition } from "@workflow-secrets/templating";
import { and, eq, inArray } from "drizzle-orm";
import { apiError } from "../errors";

interface Refusal {
  path: string;
  message: string;
}

/**
 * Early warning at save time, in the runner's words: a step whose destination is written literally
 * and does not match the sealed destinations of a secret it uses, or a script reading a secret that
 * does not allow scripts. Templated destinations and values carried between steps are judged by
 * the runner when the step fires (the API cannot know them, and the runner decides either way).
 */
export function destinationRefusals(
  definition: WorkflowDefinition,
  references: readonly Reference[],
  policies: ReadonlyMap<string, string | null>,
): Refusal[] {
  const refusals: Refusal[] = [];
  for (const ref of references) {
    if (ref.root !== "secrets" || !policies.has(ref.name)) continue;
    const column = policies.get(ref.name) ?? null;
    if (column === null) continue;
    const policy = compilePolicy(parseCanonicalPolicy(column) ?? { destinations: [], scripts: false });
    const step = definition.steps[ref.stepIndex] as Step;
    const base = { secret: ref.name, step: step.id, field: ref.field };
    if (step.type === "script") {
      if (!policy.policy.scripts) refusals.push({ path: ref.path, message: scriptRefusalMessage(base) });
      continue;
    }
    if (policy.unrestricted) continue;
    const target = literalTarget(step);
    if (!target || policy.allows(target)) continue;
    refusals.push({
      path: ref.path,
      message: destinationRefusalMessage({
        ...base,
        destination: targetOrigin(target),
        allowed: policy.policy.destinations,
      }),
    });
  }
  return refusals;
}

/** The destination of a step when scheme, host, port and path are written without templates. */
function literalTarget(step: Step): DestinationTarget | undefined {
  if (step.type === "http" || step.type === "slack") {
    const url = step.type === "http" ? step.url : step.webhookUrl;
    const beforeQuery = url.split(/[?#]/, 1)[0] ?? "";
    return beforeQuery.includes("{{") ? undefined : urlTarget(beforeQuery);
  }
  if (step.type === "email" && !step.smtp.host.includes("{{"))
    return smtpTarget(step.smtp.host, step.smtp.port);
  return undefined;
}

/** Loads the stored policies of the referenced secrets and refuses the save (BAD_REQUEST) on any refusal. */
export async function refuseLiteralDestinations(
  db: Db,
  userId: string,
  definition: WorkflowDefinition,
  references: readonly Reference[],
  secretNames: readonly string[],
): Promise<void> {
  const rows: { name: string; policy: string | null }[] = [];
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < secretNames.length; i += 90) {
    const chunk = secretNames.slice(i, i + 90);
    rows.push(
      ...(await db
        .select({ name: secrets.name, policy: secrets.policy })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk)))),
    );
  }
  const refusals = destinationRefusals(definition, references, new Map(rows.map((r) => [r.name, r.policy])));
  if (refusals.length > 0) {
    throw apiError("BAD_REQUEST", refusals.map((r) => r.message).join("; "), { issues: refusals });
  }
}
