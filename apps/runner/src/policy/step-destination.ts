import { type DestinationTarget, smtpTarget, targetOrigin, urlTarget } from "@workflow-secrets/secret-rules";
import type { RenderedStep, Step } from "@workflow-secrets/templating";

export interface StepDestination {
  /** Field of the step that chooses the server: "url", "webhookUrl", "smtp.host". */
  field: string;
  /** Undefined when the rendered destination is not a URL or host a rule could match (refused). */
  target: DestinationTarget | undefined;
  /** How a refusal names it: the origin when the template writes it literally, else the template. */
  shown: string;
}

// The literal text before the first template already holds `scheme://host[:port]` and a delimiter.
const LITERAL_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#{]+[/?#]/i;

/**
 * Where a rendered http, slack or email step sends (undefined for scripts, which send nothing).
 * The shown form never quotes rendered data: a host built from a secret or from a step's output
 * (laundered, so the masker may not know it) would otherwise reach the run history in the error.
 */
export function stepDestination(step: Step, rendered: RenderedStep): StepDestination | undefined {
  switch (rendered.type) {
    case "http":
    case "slack": {
      const field = rendered.type === "http" ? "url" : "webhookUrl";
      const template = step.type === "http" ? step.url : step.type === "slack" ? step.webhookUrl : "";
      const target = urlTarget(rendered.url);
      return { field, target, shown: shown(template, target, urlIsLiteral(template)) };
    }
    case "email": {
      const template = step.type === "email" ? step.smtp.host : "";
      const target = smtpTarget(rendered.smtp.host, rendered.smtp.port);
      const literal = !template.includes("{{");
      return {
        field: "smtp.host",
        target,
        shown: shown(`smtp://${template}:${rendered.smtp.port}`, target, literal),
      };
    }
    case "script":
      return undefined;
  }
}

function urlIsLiteral(template: string): boolean {
  const beforeTemplate = template.split("{{", 1)[0] ?? "";
  return !template.includes("{{") || LITERAL_AUTHORITY.test(beforeTemplate);
}

function shown(template: string, target: DestinationTarget | undefined, literal: boolean): string {
  if (literal && target) return targetOrigin(target);
  const cut = template.length > 200 ? `${template.slice(0, 200)}…` : template;
  return `${cut} (as written in the step)`;
}
