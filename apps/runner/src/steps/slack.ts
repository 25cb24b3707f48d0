import type { RenderedSlackStep } from "@workflow-secrets/templating";
import { readResponse } from "./read-response";
import { describeError, failed, guardCut, type StepContext, type StepOutcome } from "./step-outcome";

const SLACK_TIMEOUT_MS = 15_000;

/**
 * Posts `{ text, blocks? }` to an incoming-webhook URL. Slack answers errors as short plain text
 * (`invalid_token`, `no_service`, …): a non-2xx fails the step with that text (masked later,
 * since the URL itself is the credential and an error page may repeat it).
 */
export async function runSlackStep(rendered: RenderedSlackStep, ctx: StepContext): Promise<StepOutcome> {
  let response: Response;
  try {
    response = await fetch(rendered.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(rendered.payload),
      redirect: "manual",
      signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
    });
  } catch (error) {
    return failed(`could not reach the Slack webhook: ${describeError(error)}`);
  }
  const read = await readResponse(response, 64 * 1024);
  read.text = guardCut(read.text, read.truncated, ctx.masker);
  const stored = { status: read.status, headers: read.headers, body: read.text };
  if (read.status < 200 || read.status >= 300) {
    // Masked before it is cut, so the cut cannot expose part of a secret.
    return failed(`Slack answered ${read.status}: ${ctx.masker.mask(read.text).slice(0, 500)}`, {
      response: stored,
    });
  }
  return {
    status: "succeeded",
    response: stored,
    output: { status: read.status, body: read.text },
    attempts: 1,
  };
}
