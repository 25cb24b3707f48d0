import type { ScriptStep } from "../definition";
import { TemplateSyntaxError, UnresolvedReferenceError } from "../errors";
import { scriptSecretReferences } from "../script-references";
import type { RenderContext } from "./context";

export interface RenderedScriptStep {
  type: "script";
  /** Unchanged: secrets are handed to the sandbox as data, never spliced into code. */
  code: string;
  /** Only the secrets the code references. */
  secrets: Record<string, string>;
  secretsUsed: string[];
}

export function renderScriptStep(step: ScriptStep, ctx: RenderContext): RenderedScriptStep {
  const secrets: [string, string][] = [];
  for (const access of scriptSecretReferences(step.code)) {
    if (access.problem) {
      throw new TemplateSyntaxError(access.problem, access.position, "write secrets.NAME").inField(
        step.id,
        "code",
      );
    }
    const value = Object.hasOwn(ctx.secrets, access.name) ? ctx.secrets[access.name] : undefined;
    if (typeof value !== "string") {
      throw new UnresolvedReferenceError(
        step.id,
        "code",
        access.template,
        `no secret named "${access.name}"`,
      );
    }
    secrets.push([access.name, value]);
  }
  const names = [...new Set(secrets.map(([name]) => name))].sort();
  return {
    type: "script",
    code: step.code,
    secrets: Object.fromEntries(secrets),
    secretsUsed: names,
  };
}
