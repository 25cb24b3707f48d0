import type { QuickJSContext } from "quickjs-emscripten-core";

/** Plain JSON data handed to the script as globals (`trigger`, `steps`, `secrets`). */
export type ScriptGlobals = Record<string, unknown>;
/** Host functions: strings in, a string or boolean out, synchronous (QuickJS calls are). */
export type ScriptHelper = (...args: string[]) => string | boolean;

/**
 * Puts the step's data and helpers into a fresh QuickJS context: JSON globals (parsed inside the
 * VM from a string handle, never spliced into code), synchronous helper functions taking strings,
 * and a `console` whose lines go to `writeConsole`.
 */
export function installGlobals(
  context: QuickJSContext,
  globals: ScriptGlobals,
  helpers: Record<string, ScriptHelper>,
  writeConsole: (line: string) => void,
): void {
  const json = context.getProp(context.global, "JSON");
  const parse = context.getProp(json, "parse");
  try {
    for (const [name, value] of Object.entries(globals)) {
      // Data crosses as a JSON string parsed inside the VM: never spliced into code.
      const text = context.newString(JSON.stringify(value ?? null));
      const parsed = context.unwrapResult(context.callFunction(parse, context.undefined, text));
      text.dispose();
      context.setProp(context.global, name, parsed);
      parsed.dispose();
    }
  } finally {
    parse.dispose();
    json.dispose();
  }
  for (const [name, helper] of Object.entries(helpers)) {
    const fn = context.newFunction(name, (...args) => {
      if (!args.every((arg) => context.typeof(arg) === "string")) {
        return { error: context.newError(`${name}() takes string arguments`) };
      }
      let result: string | boolean;
      try {
        result = helper(...args.map((arg) => context.getString(arg)));
      } catch (error) {
        // A refused call (input cap, time budget) is an Error the script can see, never a host crash.
        return { error: context.newError(error instanceof Error ? error.message : `${name}() failed`) };
      }
      return typeof result === "boolean"
        ? result
          ? context.true
          : context.false
        : context.newString(result);
    });
    context.setProp(context.global, name, fn);
    fn.dispose();
  }
  const capture = context.newFunction("__capture", (line) => {
    writeConsole(context.getString(line));
  });
  context.setProp(context.global, "__capture", capture);
  capture.dispose();
  const installed = context.evalCode(CONSOLE_PRELUDE, "prelude.js");
  context.unwrapResult(installed).dispose();
}

// console.* formats its arguments inside the VM and hands one string per call to the host.
const CONSOLE_PRELUDE = `(() => {
  const capture = globalThis.__capture;
  delete globalThis.__capture;
  const format = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return String(value);
    try { const text = JSON.stringify(value); return text === undefined ? String(value) : text; }
    catch { return String(value); }
  };
  const write = (...args) => capture(args.map(format).join(" "));
  globalThis.console = Object.freeze({ log: write, info: write, warn: write, error: write, debug: write });
})()`;
