import {
  compilePolicy,
  type DestinationTarget,
  destinationRefusalMessage,
  type SecretPolicy,
  scriptRefusalMessage,
  smtpTarget,
  targetOrigin,
  urlTarget,
} from "@workflow-secrets/secret-rules";
import type { Step, WorkflowDefinition } from "./definition";
import type { Reference } from "./references";

export interface DestinationRefusalAt {
  /** "steps[0].headers.Authorization" */
  path: string;
  stepIndex: number;
  /** The field inside the step: "headers.Authorization". */
  field: string;
  message: string;
}

/**
 * What the runner would refuse, judged from the definition alone, in the runner's words: a step whose
 * destination is written literally (no template before the query) and does not match the sealed
 * destinations of a secret it uses, or a script reading a secret that does not allow scripts. The API
 * refuses such a save; the extension's editor shows each at its line. Templated destinations and
 * values carried between steps are judged by the runner when the step fires.
 * `policies`: each existing secret's policy (null: legacy, unrestricted); other names are skipped.
 */
export function literalDestinationRefusals(
  definition: WorkflowDefinition,
  references: readonly Reference[],
  policies: ReadonlyMap<string, SecretPolicy | null>,
): DestinationRefusalAt[] {
  const refusals: DestinationRefusalAt[] = [];
  for (const ref of references) {
    if (ref.root !== "secrets" || !policies.has(ref.name)) continue;
    const policy = compilePolicy(policies.get(ref.name) ?? null);
    const step = definition.steps[ref.stepIndex] as Step;
    const at = { path: ref.path, stepIndex: ref.stepIndex, field: ref.field };
    const base = { secret: ref.name, step: step.id, field: ref.field };
    if (step.type === "script") {
      if (!policy.policy.scripts) refusals.push({ ...at, message: scriptRefusalMessage(base) });
      continue;
    }
    if (policy.unrestricted) continue;
    const target = literalTarget(step);
    if (!target || policy.allows(target)) continue;
    const message = destinationRefusalMessage({
      ...base,
      destination: targetOrigin(target),
      allowed: policy.policy.destinations,
    });
    refusals.push({ ...at, message });
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
