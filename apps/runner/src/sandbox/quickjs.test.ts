import { describe, expect, it } from "vitest";
import { runScript } from "./quickjs";

const limits = { timeoutMs: 1000, memoryBytes: 32 * 1024 * 1024 };
const id = (s: string) => s;

describe("runScript", () => {
  it("returns the value", async () => {
    const out = await runScript("return { a: trigger.x + 1 }", { trigger: { x: 1 } }, {}, limits, id);
    expect(out).toEqual({ ok: true, value: { a: 2 }, console: "" });
  });
  it("stops an infinite loop", async () => {
    const out = await runScript("while (true) {}", {}, {}, { ...limits, timeoutMs: 200 }, id);
    expect(out).toMatchObject({ ok: false, reason: "timeout" });
  });
});
