import { fieldReferenceProblem } from "@workflow-secrets/secret-rules";
import { TemplateSyntaxError, UnresolvedReferenceError } from "../errors";
import { parseTemplate, type TemplatePart, type TemplateRef } from "../parse";

/** A typed secret as opened by the runner: its type and every field (derived ones included). */
export interface TypedSecretValue {
  type: string;
  fields: Record<string, string>;
}

/** A text secret's value, or a typed secret's fields. */
export type SecretValue = string | TypedSecretValue;

export interface RenderContext {
  secrets: Record<string, SecretValue>;
  /** The webhook/manual input. */
  trigger: unknown;
  /** Outputs of earlier steps by step id. */
  steps: Record<string, unknown>;
}

/** How a resolved value is placed: returns the text to insert, or throws a RenderError. */
export type Place = (value: string, ref: TemplateRef) => string;

const own = (value: unknown, key: string): boolean =>
  value !== null && typeof value === "object" && Object.hasOwn(value, key);

/**
 * Renders the fields of one step. Each field is parsed once and every reference is replaced by
 * its placed value in a single pass, so a value containing `{{…}}` is never expanded again.
 */
export class StepRenderer {
  private readonly used = new Set<string>();

  constructor(
    readonly stepId: string,
    private readonly ctx: RenderContext,
  ) {}

  get secretsUsed(): string[] {
    return [...this.used].sort();
  }

  parse(field: string, text: string): TemplatePart[] {
    try {
      return parseTemplate(text);
    } catch (error) {
      throw error instanceof TemplateSyntaxError ? error.inField(this.stepId, field) : error;
    }
  }

  render(field: string, text: string, place: Place = (value) => value): string {
    return this.renderParts(field, this.parse(field, text), place);
  }

  renderParts(field: string, parts: TemplatePart[], place: Place): string {
    let out = "";
    for (const part of parts)
      out += part.kind === "text" ? part.text : place(this.resolve(field, part), part);
    return out;
  }

  /** The value of one reference as text; non-string values from trigger/steps become JSON text. */
  resolve(field: string, ref: TemplateRef): string {
    const unresolved = (reason: string) => new UnresolvedReferenceError(this.stepId, field, ref.raw, reason);
    if (ref.root === "secrets") {
      const [name, field] = ref.path as [string, string | undefined];
      const value = own(this.ctx.secrets, name) ? this.ctx.secrets[name] : undefined;
      if (value === undefined) throw unresolved(`no secret named "${name}"`);
      const type = typeof value === "string" ? "text" : value.type;
      const problem = fieldReferenceProblem(name, type, field);
      if (problem) throw unresolved(problem);
      const text =
        typeof value === "string"
          ? value
          : own(value.fields, field as string)
            ? value.fields[field as string]
            : undefined;
      if (typeof text !== "string")
        throw unresolved(`secret "${name}" has no ${field} saved: save it again with one`);
      this.used.add(name);
      return text;
    }
    let current: unknown;
    let rest: string[];
    if (ref.root === "trigger") {
      current = this.ctx.trigger;
      rest = ref.path;
    } else {
      const [stepId, ...path] = ref.path as [string, ...string[]];
      if (!own(this.ctx.steps, stepId))
        throw unresolved(`step "${stepId}" has no output (it has not run before this step)`);
      current = this.ctx.steps[stepId];
      rest = path;
    }
    for (let i = 0; i < rest.length; i++) {
      const key = rest[i] as string;
      const index = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : -1;
      if (index >= 0 && index < (current as unknown[]).length) current = (current as unknown[])[index];
      else if (!Array.isArray(current) && own(current, key))
        current = (current as Record<string, unknown>)[key];
      else {
        const where = ref.root === "trigger" ? "the trigger" : `the output of step "${ref.path[0]}"`;
        throw unresolved(`${where} has no "${rest.slice(0, i + 1).join(".")}"`);
      }
    }
    if (current === undefined) throw unresolved("the value is undefined");
    return typeof current === "string" ? current : JSON.stringify(current);
  }
}
