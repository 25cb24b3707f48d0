import { describe, expect, it } from "vitest";
import { runScript } from "./quickjs";

const limits = { timeoutMs: 1000, memoryBytes: 32 * 1024 * 1024 };
const noMask = (text: string) => text;
const run = (code: string, globals: Record<string, unknown> = {}, overrides: Partial<typeof limits> = {}) =>
  runScript(code, globals, { twice: (s: string) => s + s }, { ...limits, ...overrides }, noMask);

describe("QuickJS sandbox", () => {
  it("returns the value of the function body, with JSON globals and host helpers", async () => {
    const out = await run(
      "return { n: trigger.x + 1, twice: twice('ab'), keys: Object.keys(globalThis.steps) }",
      {
        trigger: { x: 1 },
        steps: { a: 1 },
      },
    );
    expect(out).toEqual({ ok: true, value: { n: 2, twice: "abab", keys: ["a"] }, console: "" });
  });

  it("supports await on promises the script makes itself", async () => {
    const out = await run("const v = await Promise.resolve(41); return v + 1;");
    expect(out).toMatchObject({ ok: true, value: 42 });
  });

  it("reports a thrown error with its message and keeps console output", async () => {
    const out = await run("console.log('before', { a: 1 }, [2]); throw new TypeError('bad input');");
    expect(out).toEqual({
      ok: false,
      reason: "error",
      message: "TypeError: bad input",
      console: 'before {"a":1} [2]',
    });
  });

  it("has no network, timers, eval-to-host or module loading", async () => {
    const out = await run(
      "return [typeof fetch, typeof setTimeout, typeof setInterval, typeof WebAssembly, typeof require, typeof process]",
    );
    expect(out).toMatchObject({
      ok: true,
      value: ["undefined", "undefined", "undefined", "undefined", "undefined", "undefined"],
    });
  });

  it("fails a promise that can never settle instead of hanging", async () => {
    const out = await run("await new Promise(() => {}); return 1;");
    expect(out).toMatchObject({
      ok: false,
      reason: "error",
      message: expect.stringContaining("never settles"),
    });
  });

  it("stops an infinite loop at the deadline, then runs the next script normally", async () => {
    const out = await run("while (true) {}", {}, { timeoutMs: 150 });
    expect(out).toMatchObject({ ok: false, reason: "timeout" });
    expect(await run("return 1")).toMatchObject({ ok: true, value: 1 });
  });

  it("stops a loop that catches errors (the interrupt cannot be caught)", async () => {
    const out = await run("for (;;) { try { while (true) {} } catch (e) {} }", {}, { timeoutMs: 150 });
    expect(out).toMatchObject({ ok: false, reason: "timeout" });
  });

  for (const [label, bomb] of [
    ["many strings", "const a = []; for (;;) a.push('x'.repeat(1 << 16) + a.length);"],
    ["large buffers", "const a = []; for (;;) a.push(new Uint8Array(1 << 20));"],
    ["one huge buffer", "return new ArrayBuffer(1 << 30).byteLength;"],
  ]) {
    it(`stops a memory bomb (${label}) at the memory limit, then runs the next script normally`, async () => {
      const out = await run(bomb as string, {}, { memoryBytes: 8 * 1024 * 1024, timeoutMs: 5000 });
      expect(out).toMatchObject({ ok: false, reason: "memory" });
      expect(await run("return [1,2,3].map((x) => x * 2)")).toMatchObject({ ok: true, value: [2, 4, 6] });
    });
  }

  it("stops runaway recursion without crashing the host", async () => {
    const out = await run("const f = (n) => f(n + 1) + 1; return f(0);");
    expect(out.ok).toBe(false);
    expect(await run("return 'still healthy'")).toMatchObject({ ok: true, value: "still healthy" });
  });

  it("caps console output at 64 KiB", async () => {
    const out = await run("for (let i = 0; i < 2000; i++) console.log('x'.repeat(100)); return 1;");
    expect(out.ok).toBe(true);
    expect(out.console.length).toBeLessThan(66 * 1024);
    expect(out.console.endsWith("[console output truncated at 64 KiB]")).toBe(true);
  });
});
