import { referencableFields } from "@workflow-secrets/secret-rules";
import type { ScriptStep } from "../definition";
import { TemplateSyntaxError, UnresolvedReferenceError } from "../errors";
import { scriptSecretReferences } from "../script-references";
import type { RenderContext, TypedSecretValue } from "./context";

export interface RenderedScriptStep {
  type: "script";
  /** Unchanged: secrets are handed to the sandbox as data, never spliced into code. */
  code: string;
  /** Only the secrets the code references: a text secret's value, a typed secret's referencable fields. */
  secrets: Record<string, string | Record<string, string>>;
  secretsUsed: string[];
}

export function renderScriptStep(step: ScriptStep, ctx: RenderContext): RenderedScriptStep {
  const secrets: [string, string | Record<string, string>][] = [];
  for (const access of scriptSecretReferences(step.code)) {
    if (access.problem) {
      throw new TemplateSyntaxError(access.problem, access.position, "write secrets.NAME").inField(
        step.id,
        "code",
      );
    }
    const value = Object.hasOwn(ctx.secrets, access.name) ? ctx.secrets[access.name] : undefined;
    if (value === undefined) {
      throw new UnresolvedReferenceError(
        step.id,
        "code",
        access.template,
        `no secret named "${access.name}"`,
      );
    }
    secrets.push([access.name, typeof value === "string" ? value : scriptFields(value)]);
  }
  const names = [...new Set(secrets.map(([name]) => name))].sort();
  return {
    type: "script",
    code: step.code,
    secrets: Object.fromEntries(secrets),
    secretsUsed: names,
  };
}

/** A script sees what a step could reference: never an OAuth2 refresh token or client secret. */
function scriptFields({ type, fields }: TypedSecretValue): Record<string, string> {
  const visible: Record<string, string> = {};
  for (const name of referencableFields(type)) {
    const value = fields[name];
    if (typeof value === "string") visible[name] = value;
  }
  return visible;
}
