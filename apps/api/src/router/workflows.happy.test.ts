import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { expectApiError, httpWorkflow, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";
import { openStoredTrigger } from "../../test/webhooks";

function localTime(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}

describe("workflows (happy paths)", () => {
  it("creates a workflow, lists the secrets it references and which are missing", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({ name: "present", value: "present-value-123" });
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Sync", ["present", "absent"]));
    expect(wf).toMatchObject({
      id: expect.stringMatching(/^wf_/),
      name: "Sync",
      enabled: true,
      triggerType: "manual",
      secretNames: ["absent", "present"],
      missingSecrets: ["absent"],
      warnings: [],
      webhookId: null,
      nextRunAt: null,
    });
    expect(wf.steps[0]).toMatchObject({ id: "call", headers: { "X-Key-0": "{{secrets.present}}" } });

    await user.api.secrets.create.mutate({ name: "absent", value: "now-present-456" });
    expect((await user.api.workflows.get.query({ id: wf.id })).missingSecrets).toEqual([]);
    const listed = await user.api.workflows.list.query();
    expect(listed.map((w) => [w.id, w.missingSecrets])).toEqual([[wf.id, []]]);
  });

  it("computes next_run_at for a schedule in its timezone and pauses/resumes it", async () => {
    const user = await signUpUser();
    const before = Date.now();
    const wf = await user.api.workflows.create.mutate(
      httpWorkflow("Morning", [], { type: "schedule", cron: "0 9 * * *", timezone: "Europe/Paris" }),
    );
    expect(wf).toMatchObject({ triggerType: "schedule", cron: "0 9 * * *", timezone: "Europe/Paris" });
    const next = Date.parse(wf.nextRunAt ?? "");
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(25 * 3_600_000);
    expect(localTime(wf.nextRunAt ?? "", "Europe/Paris")).toBe("09:00");

    const paused = await user.api.workflows.setEnabled.mutate({ id: wf.id, enabled: false });
    expect(paused).toMatchObject({ enabled: false, nextRunAt: null });
    const resumed = await user.api.workflows.setEnabled.mutate({ id: wf.id, enabled: true });
    expect(resumed.nextRunAt).toBe(wf.nextRunAt);

    const utc = await user.api.workflows.update.mutate({
      id: wf.id,
      ...httpWorkflow("Every 15", [], { type: "schedule", cron: "*/15 * * * *" }),
    });
    expect(utc).toMatchObject({ name: "Every 15", timezone: null });
    expect(new Date(utc.nextRunAt ?? "").getUTCMinutes() % 15).toBe(0);
  });

  it("gives webhook workflows an unguessable id that survives updates", async () => {
    const user = await signUpUser();
    const a = await user.api.workflows.create.mutate(httpWorkflow("Hook A", [], { type: "webhook" }));
    const b = await user.api.workflows.create.mutate(httpWorkflow("Hook B", [], { type: "webhook" }));
    expect(a.webhookId).toMatch(/^wh_[A-Za-z0-9_-]{43}$/);
    expect(a.webhookPath).toBe(`/hooks/${a.webhookId}`);
    expect(b.webhookId).not.toBe(a.webhookId);
    const renamed = await user.api.workflows.update.mutate({
      id: a.id,
      ...httpWorkflow("Hook A2", [], { type: "webhook" }),
    });
    expect(renamed.webhookId).toBe(a.webhookId);
    const manual = await user.api.workflows.update.mutate({ id: a.id, ...httpWorkflow("Manual now") });
    expect(manual.webhookId).toBeNull();
  });

  it("run inserts a queued run and sends {runId} to the runs queue", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Run me"));
    const { runId } = await user.api.workflows.run.mutate({ id: wf.id, input: { name: "Ada" } });
    expect(runId).toMatch(/^run_/);
    const [row] = await queryRows("SELECT * FROM runs WHERE id = ?", runId);
    expect(row).toMatchObject({
      workflow_id: wf.id,
      user_id: user.user.id,
      status: "queued",
      trigger_type: "manual",
      trigger_input: null,
    });
    expect(await openStoredTrigger(runId)).toEqual({ name: "Ada" });
    await vi.waitFor(
      async () => {
        const received = (await (await env.QUEUE_PROBE.fetch("http://probe/messages")).json()) as unknown[];
        expect(received).toContainEqual({ runId });
      },
      { timeout: 30_000, interval: 50 },
    );
    const listed = await user.api.runs.list.query({ workflowId: wf.id });
    expect(listed.items).toMatchObject([
      { id: runId, status: "queued", workflowName: "Run me", triggerType: "manual" },
    ]);
  });

  it("deletes a workflow but keeps its runs, marked deleted and listed under the name it had", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Short-lived", ["k"]));
    const finished = (await user.api.workflows.run.mutate({ id: wf.id })).runId;
    await execute(
      "UPDATE runs SET status = 'succeeded', finished_at = ? WHERE id = ?",
      new Date().toISOString(),
      finished,
    );
    // The runner's record of a secret the run used points at the run: it must keep pointing at one.
    await execute(
      "INSERT INTO audit_events (id, user_id, action, secret_name, actor, workflow_id, run_id) VALUES ('aud_used_k', ?, 'secret.used', 'k', 'runner', ?, ?)",
      user.user.id,
      wf.id,
      finished,
    );
    const queued = (await user.api.workflows.run.mutate({ id: wf.id })).runId;
    await user.api.workflows.update.mutate({ id: wf.id, ...httpWorkflow("Renamed before delete", ["k"]) });

    await expect(user.api.workflows.delete.mutate({ id: wf.id })).resolves.toEqual({
      id: wf.id,
      deleted: true,
    });
    await expectApiError(user.api.workflows.get.query({ id: wf.id }), "NOT_FOUND");
    expect(await queryRows("SELECT * FROM workflow_secret_refs WHERE workflow_id = ?", wf.id)).toEqual([]);

    const kept = await user.api.runs.get.query({ id: finished });
    expect(kept).toMatchObject({
      id: finished,
      workflowId: wf.id,
      workflowName: "Renamed before delete",
      workflowDeletedAt: expect.any(String),
      status: "succeeded",
    });
    // A run that had not started will not: the workflow it would run is gone.
    expect(await user.api.runs.get.query({ id: queued })).toMatchObject({
      status: "failed",
      error: "the workflow was deleted before this run started",
      workflowName: "Renamed before delete",
    });
    const listed = await user.api.runs.list.query({});
    expect(listed.items.map((r) => [r.id, r.workflowName, r.workflowDeletedAt !== null])).toEqual(
      expect.arrayContaining([
        [finished, "Renamed before delete", true],
        [queued, "Renamed before delete", true],
      ]),
    );
    const used = (await user.api.audit.list.query({})).items.find((e) => e.action === "secret.used");
    expect(used?.runId).toBe(finished);
  });

  it("lists runs of live workflows as not deleted, under their current name", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("First name"));
    const { runId } = await user.api.workflows.run.mutate({ id: wf.id });
    await user.api.workflows.update.mutate({ id: wf.id, ...httpWorkflow("Second name") });
    expect(await user.api.runs.get.query({ id: runId })).toMatchObject({
      workflowName: "Second name",
      workflowDeletedAt: null,
    });
  });
});
