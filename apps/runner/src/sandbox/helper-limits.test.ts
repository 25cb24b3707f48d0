import { describe, expect, it } from "vitest";
import { HELPER_BYTES_PER_MS, MAX_HELPER_INPUT_BYTES } from "./helper-limits";
import { runScript } from "./quickjs";
import { sha256Hex } from "./script-helpers";

const noMask = (text: string) => text;
const run = (code: string, timeoutMs: number) => {
  let calls = 0;
  const helpers = {
    sha256Hex: (data: string) => {
      calls++;
      return sha256Hex(data);
    },
  };
  return runScript(code, {}, helpers, { timeoutMs, memoryBytes: 64 * 1024 * 1024 }, noMask).then(
    (outcome) => ({ outcome, calls }),
  );
};

describe("script host helpers count against the script's limits", () => {
  it("the issue's script (sha256Hex over 16 MiB, forty times, 100 ms) is refused at the first call, before hashing", async () => {
    const { outcome, calls } = await run(
      'const big = "x".repeat(16 * 1024 * 1024); for (let i = 0; i < 40; i++) sha256Hex(big); return "done"',
      100,
    );
    expect(calls).toBe(0);
    expect(outcome).toMatchObject({
      ok: false,
      reason: "error",
      message: `Error: sha256Hex() takes at most 1 MiB of input (1,048,576 bytes), it was given ${16 * 1024 * 1024}; work on smaller parts`,
    });
  });

  it("hashing 1 MiB forty times in 100 ms stops as a timeout after the calls the budget pays for, even if the script catches", async () => {
    const { outcome, calls } = await run(
      `const mib = "x".repeat(${MAX_HELPER_INPUT_BYTES});
       for (let i = 0; i < 40; i++) { try { sha256Hex(mib); } catch (e) { console.log(String(e)); } }
       return "done"`,
      100,
    );
    expect(outcome).toMatchObject({ ok: false, reason: "timeout" });
    // 1 MiB costs 64 ms of a 100 ms budget: one call is paid for, the second is refused unrun.
    expect(calls).toBe(Math.floor(100 / (MAX_HELPER_INPUT_BYTES / HELPER_BYTES_PER_MS)));
    expect(outcome.console).toContain("sha256Hex() was not run: the script is out of time");
  });

  it("small inputs cost next to nothing: a signature check over a webhook body is unaffected", async () => {
    const { outcome, calls } = await run(
      'let h = ""; for (let i = 0; i < 200; i++) h = sha256Hex(h + "body"); return h.length',
      100,
    );
    expect(outcome).toMatchObject({ ok: true, value: 64 });
    expect(calls).toBe(200);
  });

  it("counts UTF-8 bytes: 400,000 three-byte characters are over 1 MiB", async () => {
    const { outcome, calls } = await run('sha256Hex("\u4e2d".repeat(400000)); return 1', 1000);
    expect(calls).toBe(0);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining("it was given 1200000") });
  });
});
