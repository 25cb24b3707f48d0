import { describe, expect, it } from "vitest";
import { httpWorkflow, signUpUser } from "../../test/api";
import { execute } from "../../test/db-dump";

describe("runs (happy paths)", () => {
  it("lists runs newest first with cursor pagination, filtered by workflow", async () => {
    const user = await signUpUser();
    const a = await user.api.workflows.create.mutate(httpWorkflow("A"));
    const b = await user.api.workflows.create.mutate(httpWorkflow("B"));
    const ids: string[] = [];
    for (const wf of [a, b, a, b, a]) ids.push((await user.api.workflows.run.mutate({ id: wf.id })).runId);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await user.api.runs.list.query({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const onlyA = await user.api.runs.list.query({ workflowId: a.id });
    expect(onlyA.items.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect(onlyA.nextCursor).toBeNull();
    expect(onlyA.items[0]).toEqual({
      id: ids[4],
      workflowId: a.id,
      workflowName: "A",
      workflowDeletedAt: null,
      status: "queued",
      triggerType: "manual",
      error: null,
      createdAt: expect.any(String),
      startedAt: null,
      finishedAt: null,
    });
  });

  it("get returns the run with its (masked) steps in order, as the runner wrote them", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Stepped"));
    const { runId } = await user.api.workflows.run.mutate({ id: wf.id });
    // What the runner's consumer writes; the API only reads it back.
    await execute(
      "UPDATE runs SET status = 'failed', started_at = ?, finished_at = ?, error = ? WHERE id = ?",
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:01.000Z",
      'step "second" failed: HTTP 401 [masked:api_key]',
      runId,
    );
    const insertStep =
      "INSERT INTO run_steps (run_id, step_id, step_index, type, status, request, response, output, console, error, attempts, started_at, finished_at, duration_ms) VALUES (?, ?, ?, 'http', ?, ?, ?, ?, NULL, ?, 1, ?, ?, ?)";
    await execute(
      insertStep,
      runId,
      "second",
      1,
      "failed",
      JSON.stringify({
        method: "GET",
        url: "https://example.test",
        headers: { Authorization: "{{secrets.api_key}}" },
      }),
      JSON.stringify({ status: 401, body: "bad key [masked:api_key]" }),
      null,
      "HTTP 401",
      "2026-01-01T00:00:00.500Z",
      "2026-01-01T00:00:01.000Z",
      500,
    );
    await execute(
      insertStep,
      runId,
      "first",
      0,
      "succeeded",
      JSON.stringify({ method: "GET", url: "https://example.test" }),
      JSON.stringify({ status: 200 }),
      JSON.stringify({ ok: true }),
      null,
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:00.400Z",
      400,
    );
    const run = await user.api.runs.get.query({ id: runId });
    expect(run).toMatchObject({ id: runId, workflowId: wf.id, workflowName: "Stepped", status: "failed" });
    expect(run.error).toBe('step "second" failed: HTTP 401 [masked:api_key]');
    expect(run.steps.map((s) => [s.stepIndex, s.stepId, s.status, s.durationMs])).toEqual([
      [0, "first", "succeeded", 400],
      [1, "second", "failed", 500],
    ]);
    expect(run.steps[1]).toMatchObject({
      request: { headers: { Authorization: "{{secrets.api_key}}" } },
      response: { status: 401, body: "bad key [masked:api_key]" },
      error: "HTTP 401",
      attempts: 1,
    });
  });
});
