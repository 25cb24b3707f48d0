import type { Step } from "../definition";
import { type RenderContext, StepRenderer } from "./context";
import { type RenderedEmailStep, renderEmailStep } from "./email";
import { type RenderedHttpStep, renderHttpStep } from "./http";
import { type RenderedScriptStep, renderScriptStep } from "./script";
import { type RenderedSlackStep, renderSlackStep } from "./slack";

export type { RenderContext, SecretValue, TypedSecretValue } from "./context";
export { requestTemplate, withIdempotencyKey } from "./request-template";
export type { RenderedEmailStep, RenderedHttpStep, RenderedScriptStep, RenderedSlackStep };
export type RenderedStep = RenderedHttpStep | RenderedSlackStep | RenderedEmailStep | RenderedScriptStep;

/**
 * Renders one step for sending: every template replaced by its value, escaped for the field it is in.
 * What the run log stores is `requestTemplate(step, …)`, never anything rendered.
 * Throws UnresolvedReferenceError, RenderError or TemplateSyntaxError (all TemplateError); their
 * messages name the step, field and template, never a value.
 */
export function renderStep(step: Step, ctx: RenderContext): RenderedStep {
  switch (step.type) {
    case "http":
      return renderHttpStep(step, new StepRenderer(step.id, ctx));
    case "slack":
      return renderSlackStep(step, new StepRenderer(step.id, ctx));
    case "email":
      return renderEmailStep(step, new StepRenderer(step.id, ctx));
    case "script":
      return renderScriptStep(step, ctx);
  }
}
