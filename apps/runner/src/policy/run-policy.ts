import {
  type CompiledPolicy,
  compilePolicy,
  destinationRefusalMessage,
  type SecretPolicy,
  scriptRefusalMessage,
} from "@workflow-secrets/secret-rules";
import {
  maskMarker,
  type Reference,
  type RenderedStep,
  type SecretValue,
  type Step,
} from "@workflow-secrets/templating";
import { secretMaskEntries } from "../run/secret-mask-entries";
import { stepDestination } from "./step-destination";

/** A secret a step would send, and how it got there. */
interface Placement {
  secret: string;
  /** Undefined when the whole step is bound (after a script read the secret): the destination field is named. */
  field?: string;
  via?: string;
}

export interface RunPolicy {
  /**
   * After rendering, before anything is sent: the refusal (one message naming secret, step, field,
   * refused destination and allowed ones), or undefined when every secret the step carries may go
   * where it goes.
   */
  check(step: Step, index: number, rendered: RenderedStep): string | undefined;
  /** After a step succeeded: which secrets its (masked) output carries, and what a script read. */
  record(step: Step, index: number, maskedOutput: unknown): void;
}

export interface RunPolicyInput {
  /** Policy of each opened secret (null: a legacy secret, unrestricted). */
  policies: ReadonlyMap<string, SecretPolicy | null>;
  /** Opened values, only to know which names share a value (the masker names the first of them). */
  values: Readonly<Record<string, SecretValue>>;
  references: readonly Reference[];
}

const MARKER_START = maskMarker("").slice(0, -1);
// A typed secret's fields are masked as `NAME.FIELD`: the field carries its secret's policy.
const MARKER = /\[masked:([A-Za-z_][A-Za-z0-9_]{0,63})(?:\.[A-Za-z]+)?\]/g;

/**
 * The runner's enforcement of sealed policies over one run:
 * 1. a step may place a secret only where the secret's destinations allow;
 * 2. a script may read a secret only if it allows scripts, and from then on every later step of the
 *    run must satisfy that secret's policy (a script can transform a value past any masker);
 * 3. a step output in which the masker found a secret (its masked form holds `[masked:NAME]`)
 *    carries that secret: a later step that uses the output (the part of it a reference reads,
 *    `{{steps.charge.status}}` carries nothing when only the body echoed the key) must satisfy its
 *    policy too.
 * When every opened secret is unrestricted (legacy or `*` with scripts), nothing is checked.
 */
export function createRunPolicy({ policies, values, references }: RunPolicyInput): RunPolicy {
  const compiled = new Map<string, CompiledPolicy>();
  for (const [name, policy] of policies) compiled.set(name, compilePolicy(policy));
  const restricted = [...compiled.values()].some((p) => !p.unrestricted || !p.policy.scripts);
  if (!restricted) return { check: () => undefined, record: () => {} };

  const sameValue = namesBySharedValue(values);
  const byStep = groupByStep(references);
  /** stepId → secrets its output carries. */
  const carried = new Map<string, Set<string>>();
  /** secret → the script step that read it: every later step must satisfy its policy. */
  const readByScript = new Map<string, string>();

  /** stepId → its masked output, kept only when the output carries a secret. */
  const outputs = new Map<string, unknown>();

  /** What a `{{steps.<id>.<path>}}` reference hands the step: the secrets found at that path. */
  function carriedAt(name: string): Set<string> {
    const [, stepId = "", ...path] = name.split(".");
    const whole = carried.get(stepId);
    if (!whole || path.length === 0) return whole ?? new Set();
    let value: unknown = outputs.get(stepId);
    for (const segment of path) {
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return whole;
      value = (value as Record<string, unknown>)[segment];
    }
    return withSharedValues(markersIn(value, compiled));
  }

  function withSharedValues(names: Set<string>): Set<string> {
    const out = new Set<string>();
    for (const name of names) for (const same of sameValue.get(name) ?? [name]) out.add(same);
    return out;
  }

  function placements(step: Step, index: number): Placement[] {
    const found: Placement[] = [];
    for (const ref of byStep.get(index) ?? []) {
      if (ref.root === "secrets") found.push({ secret: ref.name, field: ref.field });
      else if (ref.root === "steps" && carried.size > 0) {
        const from = ref.name.split(".")[1] ?? "";
        for (const secret of carriedAt(ref.name)) {
          found.push({ secret, field: ref.field, via: `the output of step "${from}"` });
        }
      }
    }
    // A script is handed every earlier output, referenced or not.
    if (step.type === "script") {
      for (const [from, secrets] of carried) {
        for (const secret of secrets)
          found.push({ secret, field: "steps", via: `the output of step "${from}"` });
      }
    }
    for (const [secret, script] of readByScript) {
      found.push({ secret, via: `script step "${script}", which read it earlier in this run` });
    }
    return found;
  }

  return {
    check(step, index, rendered) {
      const found = placements(step, index);
      if (found.length === 0) return undefined;
      if (step.type === "script") {
        const refused = found.find((p) => compiled.get(p.secret)?.policy.scripts === false);
        return refused && scriptRefusalMessage({ ...refused, field: refused.field ?? "code", step: step.id });
      }
      const destination = stepDestination(step, rendered);
      if (!destination) return undefined;
      for (const placement of found) {
        const policy = compiled.get(placement.secret);
        if (!policy || policy.unrestricted) continue;
        if (destination.target && policy.allows(destination.target)) continue;
        return destinationRefusalMessage({
          ...placement,
          field: placement.field ?? destination.field,
          step: step.id,
          destination: destination.shown,
          allowed: policy.policy.destinations,
        });
      }
      return undefined;
    },

    record(step, index, maskedOutput) {
      if (step.type === "script") {
        for (const { secret } of placements(step, index)) {
          if (!readByScript.has(secret)) readByScript.set(secret, step.id);
        }
      }
      const names = markersIn(maskedOutput, compiled);
      if (names.size === 0) return;
      carried.set(step.id, withSharedValues(names));
      outputs.set(step.id, maskedOutput);
    },
  };
}

/** Names of this run's secrets whose marker appears in a masked output. */
function markersIn(maskedOutput: unknown, known: ReadonlyMap<string, unknown>): Set<string> {
  const names = new Set<string>();
  if (maskedOutput === null || maskedOutput === undefined) return names;
  const text = typeof maskedOutput === "string" ? maskedOutput : JSON.stringify(maskedOutput);
  if (text?.includes(MARKER_START) !== true) return names;
  for (const match of text.matchAll(MARKER)) {
    const name = match[1] as string;
    if (known.has(name)) names.add(name);
  }
  return names;
}

/** For each name, every opened name with the same value in any field (the masker reports only the first). */
function namesBySharedValue(values: Readonly<Record<string, SecretValue>>): Map<string, string[]> {
  const byValue = new Map<string, string[]>();
  for (const { name: entry, value } of secretMaskEntries(values)) {
    const name = entry.split(".", 1)[0] as string;
    const names = byValue.get(value) ?? [];
    if (!names.includes(name)) byValue.set(value, [...names, name]);
  }
  const out = new Map<string, string[]>();
  for (const names of byValue.values()) for (const name of names) out.set(name, names);
  return out;
}

function groupByStep(references: readonly Reference[]): Map<number, Reference[]> {
  const out = new Map<number, Reference[]>();
  for (const ref of references) out.set(ref.stepIndex, [...(out.get(ref.stepIndex) ?? []), ref]);
  return out;
}
