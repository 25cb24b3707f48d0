import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";
import { boundJson, boundText, STORED_FIELD_LIMITS } from "./bound-stored";

/** What each stored column of the step row takes in D1, in bytes. */
async function storedSizes(runId: string, stepId: string) {
  return env.DB.prepare(
    `SELECT length(CAST(request AS BLOB)) AS request, length(CAST(response AS BLOB)) AS response,
      length(CAST(output AS BLOB)) AS output, length(CAST(console AS BLOB)) AS console,
      length(CAST(error AS BLOB)) AS error FROM run_steps WHERE run_id = ?1 AND step_id = ?2`,
  )
    .bind(runId, stepId)
    .first<Record<string, number | null>>();
}

describe("every stored field is bounded after masking", () => {
  it("a script returning 8 MiB: stored cut (saying so), the run goes on, the row fits D1", async () => {
    const user = await seedUser();
    const wf = await seedWorkflow(user, {
      name: "huge output",
      trigger: { type: "manual" },
      steps: [
        {
          id: "big",
          type: "script",
          code: 'return "x".repeat(8 * 1024 * 1024)',
          memoryMb: 64,
          timeoutMs: 5000,
        },
        { id: "after", type: "script", code: "return typeof steps.big.cut" },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status, view.error ?? "").toBe("succeeded");
    const big = view.steps.find((s) => s.stepId === "big");
    expect((big?.output as { cut?: string } | undefined)?.cut).toMatch(
      /^the output was 8388610 characters of JSON once masked/,
    );
    expect(view.steps.find((s) => s.stepId === "after")?.output).toBe("string");
    const sizes = await storedSizes(runId, "big");
    expect(sizes?.output).toBeLessThanOrEqual(STORED_FIELD_LIMITS.output);
  });

  it("a POST whose masked response grows far past its size is stored once, cut, and sent once", async () => {
    const user = await seedUser();
    const value = "tk_12charval";
    const name = "a_secret_with_a_long_name_so_each_masked_copy_grows";
    await putSecret(user, name, value);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "growing echo",
      trigger: { type: "manual" },
      steps: [
        {
          id: "post",
          type: "http",
          method: "POST",
          url: `${echoUrl}/echo/${marker}`,
          body: { type: "text", value: `{{secrets.${name}}} `.repeat(15_000) },
          retries: 0,
        },
      ],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    await deliverRun(runId, 2);
    const view = await runView(runId);
    expect(view.status, view.error ?? "").toBe("succeeded");
    expect((await records()).requests.filter((r) => r.path === `/echo/${marker}`)).toHaveLength(1);
    const step = view.steps[0];
    const output = step?.output as { status: number; body: string; truncated: boolean; cut: string };
    expect(output.status).toBe(200);
    expect(output.truncated).toBe(true);
    expect(output.cut).toMatch(/^the body was \d+ characters once masked/);
    expect(JSON.stringify(step)).not.toContain(value);
    const sizes = await storedSizes(runId, "post");
    for (const field of ["request", "response", "output"] as const) {
      expect(sizes?.[field], field).toBeLessThanOrEqual(STORED_FIELD_LIMITS[field]);
    }
  });
});

describe("boundJson and boundText", () => {
  it("keep what fits as it is, and cut what does not so its stored JSON fits, escapes included", () => {
    expect(boundJson({ a: 1 }, 100, "x")).toEqual({ a: 1 });
    expect(boundJson(null, 1, "x")).toBeNull();
    const quotes = { list: ['"'.repeat(5000)] };
    const cut = boundJson(quotes, 1000, "the output");
    expect(JSON.stringify(cut).length).toBeLessThanOrEqual(1000);
    expect((cut as { cut: string }).cut).toContain("the output was");
    const nul = boundJson({ status: 200, body: "\u0000".repeat(5000) }, 1000, "the output");
    expect(JSON.stringify(nul).length).toBeLessThanOrEqual(1000);
    expect(nul).toMatchObject({ status: 200, truncated: true });
    expect(boundText("short", 100)).toBe("short");
    const text = boundText("e".repeat(500), 100) ?? "";
    expect(text.length).toBe(100);
    expect(text).toContain("[…cut: 500 characters once masked");
  });
});
