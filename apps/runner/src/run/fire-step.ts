import {
  type Reference,
  type RenderContext,
  type RenderedStep,
  renderStep,
  type Step,
  TemplateError,
} from "@workflow-secrets/templating";
import { destinationHost, egressRefusal } from "../egress/egress-policy";
import type { Logger } from "../log/masked-logger";
import { runEmailStep } from "../steps/email";
import { runHttpStep } from "../steps/http";
import { runScriptStep } from "../steps/script";
import { runSlackStep } from "../steps/slack";
import { describeError, failed, type StepContext, type StepOutcome } from "../steps/step-outcome";

/**
 * Renders one step with the run's context and sends it with its kind's sender. Template problems
 * (a secret that does not exist, a value that cannot go where the template puts it) fail the step
 * with templating's message, which names step, field and template but never a value.
 */
export async function fireStep(
  step: Step,
  context: RenderContext,
  stepContext: StepContext,
  blocked: { reference: Reference; reason: string } | undefined,
  logger: Logger,
  /** The run's sealed-policy check (policy/run-policy.ts): a refusal stops the step before it sends. */
  policyRefusal: (rendered: RenderedStep) => string | undefined = () => undefined,
): Promise<StepOutcome> {
  if (blocked) {
    const { reference, reason } = blocked;
    return failed(
      `step "${step.id}" (${reference.field}): ${reference.template} could not be opened (${reason}); save the secret again`,
      { attempts: 0 },
    );
  }
  let rendered: RenderedStep;
  try {
    rendered = renderStep(step, context);
  } catch (error) {
    if (error instanceof TemplateError) return failed(error.message, { attempts: 0 });
    throw error;
  }
  const refusedByPolicy = policyRefusal(rendered);
  if (refusedByPolicy) return failed(refusedByPolicy, { attempts: 0 });
  // On the final URL or SMTP host, before any connection is attempted.
  const host = destinationHost(rendered);
  const refused = host === undefined ? undefined : egressRefusal(host, stepContext);
  if (refused) return failed(refused, { attempts: 0 });
  try {
    switch (rendered.type) {
      case "http":
        return await runHttpStep(rendered, step as Extract<Step, { type: "http" }>, stepContext);
      case "slack":
        return await runSlackStep(rendered, stepContext);
      case "email":
        return await runEmailStep(rendered, logger);
      case "script":
        return await runScriptStep(
          rendered,
          step as Extract<Step, { type: "script" }>,
          { trigger: context.trigger, steps: context.steps },
          stepContext,
        );
    }
  } catch (error) {
    // A sender should report failures as outcomes; anything thrown is still the step's failure.
    return failed(`the step failed unexpectedly: ${describeError(error)}`);
  }
}
