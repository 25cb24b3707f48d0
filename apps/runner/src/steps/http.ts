import { maskUnregisteredCredentials } from "@workflow-secrets/secret-rules";
import { type HttpStep, type RenderedHttpStep, withIdempotencyKey } from "@workflow-secrets/templating";
import { backoffDelay, sleep } from "./backoff";
import { unsendableHost } from "./host-check";
import { parseBody, readResponse } from "./read-response";
import { describeError, failed, guardCut, type StepContext, type StepOutcome } from "./step-outcome";

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

export function idempotencyKeyOf(ctx: { runId: string; stepId: string }): string {
  return `${ctx.runId}:${ctx.stepId}`;
}

/**
 * Sends the rendered request. Network errors, timeouts, 5xx and 429 are retried with exponential
 * backoff (default 2 retries for idempotent methods, 0 otherwise); the same Idempotency-Key goes
 * with every attempt and with a redelivered run, so a server can drop duplicates. Redirects are
 * not followed: a secret header must not travel to wherever a Location points.
 */
export async function runHttpStep(
  rendered: RenderedHttpStep,
  step: HttpStep,
  ctx: StepContext,
): Promise<StepOutcome> {
  // The runtime sends non-ASCII header values as UTF-8 and prints a warning QUOTING THE VALUE to
  // the Worker's log, outside our masker. HTTP header values are ASCII by spec: refuse the rest.
  const nonAscii = Object.entries(rendered.headers).find(([, value]) => /[^\x20-\x7e\t]/.test(value));
  if (nonAscii) {
    return failed(
      `header "${nonAscii[0]}" has a non-ASCII character after rendering; HTTP header values must be ASCII (store the value encoded, e.g. base64)`,
      { attempts: 0 },
    );
  }
  // A host the resolver cannot answer would be printed by the runtime (outside our masker): refuse it
  // here with a message that does not quote it.
  const badHost = unsendableHost(new URL(rendered.url).hostname);
  if (badHost) {
    return failed(`the URL's host ${badHost}; check the secret or text that forms it`, { attempts: 0 });
  }
  // The same rule decides the Idempotency-Key the run log shows (requestTemplate).
  const headers = new Headers(withIdempotencyKey(step, rendered.headers, idempotencyKeyOf(ctx)));
  if (rendered.body && !headers.has("content-type")) headers.set("content-type", rendered.body.contentType);
  const retries = step.retries ?? (IDEMPOTENT.has(rendered.method) ? 2 : 0);
  const timeoutMs = step.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;

  for (let attempt = 1; ; attempt++) {
    const canRetry = attempt <= retries;
    let response: Response;
    try {
      response = await fetch(rendered.url, {
        method: rendered.method,
        headers,
        body: rendered.body?.text,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if (canRetry) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      const reason = describeError(error);
      return failed(
        reason === "timed out"
          ? `request timed out after ${timeoutMs} ms (${attempt} attempt${attempt === 1 ? "" : "s"})`
          : `request failed after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${reason}`,
        { attempts: attempt },
      );
    }
    if (canRetry && (response.status >= 500 || response.status === 429)) {
      await response.body?.cancel();
      await sleep(backoffDelay(attempt, response.headers.get("retry-after")));
      continue;
    }
    const read = await readResponse(response);
    read.text = guardCut(read.text, read.truncated, ctx.masker);
    const body = parseBody(read);
    const result: StepOutcome = {
      status: response.status < 400 ? "succeeded" : "failed",
      // JSON bodies are stored parsed, so masking sees each string with its JSON escaping removed
      // (a value escaped twice in the raw text would otherwise slip past).
      response: { status: read.status, headers: read.headers, body, truncated: read.truncated },
      output: { status: read.status, headers: read.headers, body },
      attempts: attempt,
    };
    if (result.status === "failed") {
      // Masked before it is cut: a cut through a secret would leave its first half readable.
      const masked =
        typeof body === "string" ? ctx.masker.mask(body) : JSON.stringify(ctx.masker.maskJson(body));
      // Unregistered credentials too, before the cut: half a JWT would no longer look like one.
      const excerpt = maskUnregisteredCredentials(masked).text.slice(0, 500);
      result.error = `the server answered ${read.status}${response.statusText ? ` ${response.statusText}` : ""}: ${excerpt}`;
    }
    return result;
  }
}
