import { describe, expect, inject, it, vi } from "vitest";
import { signUpUser } from "./support/api";

const FINISHED = new Set(["succeeded", "failed"]);

// A script's host helpers (SHA-256, HMAC) used to run outside its time budget: `timeoutMs: 100` with
// sha256Hex over 16 MiB forty times ran 14 s, succeeded, and held up the local API meanwhile.
describe("script limits hold through the real stack", () => {
  it.each([
    {
      what: "the issue's script (16 MiB per call)",
      code: 'const big = "x".repeat(16 * 1024 * 1024); for (let i = 0; i < 40; i++) sha256Hex(big); return "done"',
      error: 'step "hash": the script threw Error: sha256Hex() takes at most 1 MiB of input',
    },
    {
      what: "1 MiB per call, errors caught",
      code: 'const mib = "x".repeat(1024 * 1024); for (let i = 0; i < 40; i++) { try { sha256Hex(mib); } catch {} } return "done"',
      error: 'step "hash": the script ran longer than 100 ms and was stopped',
    },
  ])("$what: the step fails on its limit while /healthz keeps answering", async ({ code, error }) => {
    const user = await signUpUser("script-limits");
    const workflow = await user.client.workflows.create.mutate({
      name: "Hash a lot",
      trigger: { type: "manual" },
      steps: [{ id: "hash", type: "script", code, timeoutMs: 100, memoryMb: 64 }],
    });
    const { runId } = await user.client.workflows.run.mutate({ id: workflow.id });
    const health: (number | string)[] = [];
    const run = await vi.waitFor(
      async () => {
        // A hang limit, not a speed target: an API held up by the runner would not answer at all.
        const answer = await fetch(`${inject("apiUrl")}/healthz`, {
          signal: AbortSignal.timeout(15_000),
        }).then(
          (response) => response.status,
          (failure: unknown) => String(failure),
        );
        health.push(answer);
        const current = await user.client.runs.get.query({ id: runId });
        if (!FINISHED.has(current.status)) throw new Error(`run still ${current.status}`);
        return current;
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(run.status).toBe("failed");
    expect(run.error).toContain(error);
    expect(health.length).toBeGreaterThan(0);
    expect(
      health.every((status) => status === 200),
      JSON.stringify(health),
    ).toBe(true);
  });
});
