import releaseVariant from "@jitl/quickjs-wasmfile-release-sync";
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";
import wasmModule from "../vendor/quickjs.wasm";
import { createConsoleCapture } from "./console-capture";
import { chargeHelpers } from "./helper-limits";
import { createInterruptBudget } from "./interrupt-budget";
import { installGlobals, type ScriptGlobals, type ScriptHelper } from "./sandbox-globals";
import { installWebGlobals } from "./web-globals";

export type { ScriptGlobals, ScriptHelper };

export type ScriptLimits = { timeoutMs: number; memoryBytes: number };

export type ScriptOutcome =
  | { ok: true; value: unknown; console: string }
  | { ok: false; reason: "error" | "timeout" | "memory"; message: string; console: string };

const MAX_STACK_BYTES = 512 * 1024;

// QuickJS's own memory limit counts every allocation as 8 bytes in this wasm build (no
// malloc_usable_size), so one `new Uint8Array(1 << 30)` would sail past it. The hard limit is
// the wasm memory itself: its `maximum` is the emscripten baseline plus the step's limit, and an
// allocation beyond it fails inside QuickJS as a catchable "out of memory".
const BASELINE_PAGES = 256; // emscripten's initial 16 MiB: stack, QuickJS itself, its first heap
const PAGE_BYTES = 64 * 1024;

// One QuickJS instance per isolate and memory limit (each script gets a fresh runtime inside it;
// scripts run synchronously, so never two at once). Dropped after any failure that could have
// left its heap in a bad state, so the next script starts clean.
let cached: { memoryBytes: number; module: Promise<QuickJSWASMModule> } | undefined;
const loadQuickJs = (memoryBytes: number) => {
  if (cached?.memoryBytes !== memoryBytes) {
    const wasmMemory = new WebAssembly.Memory({
      initial: BASELINE_PAGES,
      maximum: BASELINE_PAGES + Math.ceil(memoryBytes / PAGE_BYTES),
    });
    cached = {
      memoryBytes,
      module: newQuickJSWASMModuleFromVariant(newVariant(releaseVariant, { wasmModule, wasmMemory })),
    };
  }
  return cached.module;
};

/**
 * Runs untrusted step code in a fresh QuickJS runtime: no network, no timers, no host objects
 * except the given JSON globals and helper functions. The code is the body of an async function,
 * so `return` gives the step output and `await` works on promises the code makes itself.
 */
export async function runScript(
  code: string,
  globals: ScriptGlobals,
  helpers: Record<string, ScriptHelper>,
  limits: ScriptLimits,
  maskConsole: (text: string) => string,
): Promise<ScriptOutcome> {
  const quickjs = await loadQuickJs(limits.memoryBytes);
  const budget = createInterruptBudget(limits.timeoutMs);
  const runtime = quickjs.newRuntime({
    memoryLimitBytes: limits.memoryBytes,
    maxStackSizeBytes: MAX_STACK_BYTES,
    interruptHandler: budget.shouldInterrupt,
  });
  const context = runtime.newContext();
  const capture = createConsoleCapture(maskConsole);
  let healthy = true;
  try {
    installGlobals(context, globals, chargeHelpers(helpers, budget), capture.write);
    installWebGlobals(context);
    const result = evaluate(context, runtime, code);
    // A script that spent its budget in helpers (each later call refused) and then returned is
    // still over its time: it fails like one the interrupt stopped.
    if (result.ok && !budget.interrupted()) return { ok: true, value: result.value, console: capture.text() };
    const failure = classify(result.ok ? undefined : result.error, budget.interrupted());
    // A script that hit the cap has grown the wasm memory to its maximum, and wasm memory never
    // shrinks: drop the instance so the isolate gets that memory back.
    if (failure.reason === "memory") healthy = false;
    return { ok: false, ...failure, console: capture.text() };
  } catch (error) {
    healthy = false;
    const reason = budget.interrupted() ? "timeout" : isOutOfMemory(error) ? "memory" : "error";
    return { ok: false, reason, message: describeHostError(reason), console: capture.text() };
  } finally {
    try {
      context.dispose();
      runtime.dispose();
    } catch {
      healthy = false;
    }
    if (!healthy) cached = undefined;
  }
}

type Evaluation = { ok: true; value: unknown } | { ok: false; error: unknown };

function evaluate(
  context: QuickJSContext,
  runtime: { executePendingJobs(): unknown },
  code: string,
): Evaluation {
  const wrapped = `(async () => {\n${code}\n})()`;
  const evaluated = context.evalCode(wrapped, "step.js", { type: "global", strict: true });
  if (evaluated.error) return { ok: false, error: dumpAndDispose(context, evaluated.error) };
  const promise = evaluated.value;
  try {
    // Only microtasks exist in the sandbox, so draining the job queue settles the promise unless
    // it waits on something that can never happen.
    const jobs = runtime.executePendingJobs() as { error?: QuickJSHandle; dispose?: () => void };
    if (jobs.error) return { ok: false, error: dumpAndDispose(context, jobs.error) };
    jobs.dispose?.();
    const state = context.getPromiseState(promise);
    if (state.type === "pending") {
      return { ok: false, error: { message: "the script awaited a promise that never settles" } };
    }
    if (state.type === "rejected") return { ok: false, error: dumpAndDispose(context, state.error) };
    const value = context.dump(state.value);
    state.value.dispose();
    return { ok: true, value: toJson(value) };
  } finally {
    promise.dispose();
  }
}

function dumpAndDispose(context: QuickJSContext, handle: QuickJSHandle): unknown {
  try {
    return context.dump(handle);
  } finally {
    handle.dispose();
  }
}

function classify(
  error: unknown,
  interrupted: boolean,
): { reason: "error" | "timeout" | "memory"; message: string } {
  if (interrupted) return { reason: "timeout", message: "" };
  if (isOutOfMemory(error)) return { reason: "memory", message: "" };
  const record = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
  };
  const name = typeof record.name === "string" ? record.name : "Error";
  const message = typeof record.message === "string" ? record.message : String(error);
  return { reason: "error", message: `${name}: ${message}` };
}

function isOutOfMemory(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" && /out of memory/i.test(message);
}

function describeHostError(reason: "error" | "timeout" | "memory"): string {
  return reason === "error" ? "the sandbox failed while running the script" : "";
}

/** Step outputs are JSON: functions and undefined disappear, as JSON.stringify would do. */
function toJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
