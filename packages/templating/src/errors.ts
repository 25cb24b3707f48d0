/**
 * Every templating failure is a TemplateError. Messages name the step, the field and the template
 * as written, never a resolved value: they end up in run history and API responses.
 */
export class TemplateError extends Error {
  override name = "TemplateError";
}

/** A malformed `{{ … }}`: `position` is the 0-based offset in the field text. */
export class TemplateSyntaxError extends TemplateError {
  override name = "TemplateSyntaxError";
  readonly position: number;
  readonly hint: string;
  readonly reason: string;
  /** Set when the error comes from rendering or checking a step field. */
  stepId?: string;
  field?: string;

  constructor(reason: string, position: number, hint: string) {
    super(`${reason} at offset ${position}. Hint: ${hint}`);
    this.reason = reason;
    this.position = position;
    this.hint = hint;
  }

  /** The same error, located in a step field (the message gains the `step "id" (field): ` prefix). */
  inField(stepId: string, field: string): TemplateSyntaxError {
    const located = new TemplateSyntaxError(this.reason, this.position, this.hint);
    located.message = `step "${stepId}" (${field}): ${this.message}`;
    located.stepId = stepId;
    located.field = field;
    return located;
  }
}

/** A reference whose secret, trigger path or step output does not exist at render time. */
export class UnresolvedReferenceError extends TemplateError {
  override name = "UnresolvedReferenceError";
  constructor(
    readonly stepId: string,
    readonly field: string,
    readonly template: string,
    reason: string,
  ) {
    super(`step "${stepId}" (${field}): ${template} does not resolve: ${reason}`);
  }
}

/** A value that cannot be placed safely where the template puts it (CR/LF in a header, non-http URL…). */
export class RenderError extends TemplateError {
  override name = "RenderError";
  constructor(
    readonly stepId: string,
    readonly field: string,
    readonly template: string,
    reason: string,
  ) {
    super(`step "${stepId}" (${field}): ${template} ${reason}`);
  }
}
