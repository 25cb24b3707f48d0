import {
  jsonTooDeepMessage,
  jsonValueTooDeep,
  type RenderedScriptStep,
  type ScriptStep,
} from "@workflow-secrets/templating";
import { runScript } from "../sandbox/quickjs";
import { hmacSha256Base64, hmacSha256Hex, sha256Hex, timingSafeEqual } from "../sandbox/script-helpers";
import { failed, type StepContext, type StepOutcome } from "./step-outcome";

export const DEFAULT_SCRIPT_TIMEOUT_MS = 1_000;
export const MAX_SCRIPT_TIMEOUT_MS = 5_000;
export const DEFAULT_SCRIPT_MEMORY_MB = 32;
export const MAX_SCRIPT_MEMORY_MB = 64;

const helpers = {
  hmacSha256Hex: (key: string, data: string) => hmacSha256Hex(key, data ?? ""),
  hmacSha256Base64: (key: string, data: string) => hmacSha256Base64(key, data ?? ""),
  sha256Hex: (data: string) => sha256Hex(data ?? ""),
  timingSafeEqual: (a: string, b: string) => timingSafeEqual(a ?? "", b ?? ""),
};

/**
 * Runs the step's code in QuickJS with `trigger`, `steps` (earlier outputs, already masked) and
 * `secrets` (only the names the code references). The return value is the output; a throw fails
 * the step, which is how a script stops a run (e.g. a webhook signature that does not match).
 */
export async function runScriptStep(
  rendered: RenderedScriptStep,
  step: ScriptStep,
  input: { trigger: unknown; steps: Record<string, unknown> },
  ctx: StepContext,
): Promise<StepOutcome> {
  // QuickJS parses its inputs recursively and aborts (not throws) on a deep enough value.
  const tooDeep = [
    ["trigger", input.trigger],
    ...Object.entries(input.steps).map(([id, output]) => [`the output of step "${id}"`, output]),
  ].find(([, value]) => jsonValueTooDeep(value));
  if (tooDeep) {
    return failed(`${jsonTooDeepMessage(tooDeep[0] as string)}; the script was not started`, { attempts: 0 });
  }
  const timeoutMs = Math.min(step.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS, MAX_SCRIPT_TIMEOUT_MS);
  const memoryMb = Math.min(step.memoryMb ?? DEFAULT_SCRIPT_MEMORY_MB, MAX_SCRIPT_MEMORY_MB);
  const outcome = await runScript(
    rendered.code,
    { trigger: input.trigger ?? null, steps: input.steps, secrets: rendered.secrets },
    helpers,
    { timeoutMs, memoryBytes: memoryMb * 1024 * 1024 },
    ctx.masker.mask,
  );
  if (outcome.ok) {
    return { status: "succeeded", output: outcome.value ?? null, console: outcome.console, attempts: 1 };
  }
  const error =
    outcome.reason === "timeout"
      ? `the script ran longer than ${timeoutMs} ms and was stopped`
      : outcome.reason === "memory"
        ? `the script used more than ${memoryMb} MiB of memory and was stopped`
        : `the script threw ${outcome.message}`;
  return failed(error, { console: outcome.console });
}
