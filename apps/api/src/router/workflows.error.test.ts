import { describe, expect, it } from "vitest";
import { API_URL, expectApiError, httpWorkflow, recordingFetch, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { captureErrorLog, parseLogLines } from "../../test/error-log";
import { fetchWithUnavailableQueue } from "../../test/webhooks";

describe("workflows (errors)", () => {
  it("rejects an invalid definition with path-based messages", async () => {
    const user = await signUpUser();
    const noUrl = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Broken",
        trigger: { type: "manual" },
        // @ts-expect-error: url is required
        steps: [{ id: "call", type: "http" }],
      }),
      "BAD_REQUEST",
    );
    expect(noUrl.data.issues?.map((i) => i.path)).toEqual(["steps[0].url"]);
    expect(noUrl.message).toMatch(/^steps\[0\]\.url: /);

    const duplicate = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Dupes",
        trigger: { type: "manual" },
        steps: [
          { id: "a", type: "script", code: "1" },
          { id: "a", type: "script", code: "2" },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(duplicate.message).toBe('steps[1].id: duplicate step id "a"');

    const tooMany = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Many",
        trigger: { type: "manual" },
        steps: Array.from({ length: 51 }, (_, i) => ({ id: `s${i}`, type: "script" as const, code: "1" })),
      }),
      "BAD_REQUEST",
    );
    expect(tooMany.message).toMatch(/^steps: /);
  });

  it("refuses at save a workflow whose runs could store more than a run may keep (46 HTTP steps), accepts 45", async () => {
    const user = await signUpUser();
    const steps = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `s${i}`,
        type: "http" as const,
        url: "https://example.test/",
      }));
    const error = await expectApiError(
      user.api.workflows.create.mutate({ name: "Long", trigger: { type: "manual" }, steps: steps(46) }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe(
      "a run of this workflow could store up to 16.2 MiB of step results (46 steps at their size limits), more than the 16.0 MiB one run may keep; split it into smaller workflows",
    );
    await user.api.workflows.create.mutate({ name: "Long", trigger: { type: "manual" }, steps: steps(45) });
  });

  it("rejects malformed templates at save, naming the step field", async () => {
    const user = await signUpUser();
    const error = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Bad template",
        trigger: { type: "manual" },
        steps: [
          {
            id: "call",
            type: "http",
            url: "https://example.test",
            headers: { Authorization: "Bearer {{secrets.}}" },
          },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toMatch(/^step "call" \(headers\.Authorization\): /);
    expect(error.data.issues?.[0]?.path).toBe("steps[0].headers.Authorization");
    expect(await user.api.workflows.list.query()).toEqual([]);
  });

  it("rejects bad cron expressions and timezones", async () => {
    const user = await signUpUser();
    const badCron = await expectApiError(
      user.api.workflows.create.mutate(httpWorkflow("x", [], { type: "schedule", cron: "61 * * * *" })),
      "BAD_REQUEST",
    );
    expect(badCron.message).toMatch(/^trigger\.cron: invalid cron expression "61 \* \* \* \*"/);
    const seconds = await expectApiError(
      user.api.workflows.create.mutate(httpWorkflow("x", [], { type: "schedule", cron: "0 0 9 * * *" })),
      "BAD_REQUEST",
    );
    expect(seconds.message).toMatch(/^trigger\.cron: expected 5 fields/);
    const badZone = await expectApiError(
      user.api.workflows.create.mutate(
        httpWorkflow("x", [], { type: "schedule", cron: "0 9 * * *", timezone: "Mars/Olympus" }),
      ),
      "BAD_REQUEST",
    );
    expect(badZone.message).toBe(
      'trigger.timezone: unknown IANA timezone "Mars/Olympus" (e.g. "Europe/Paris")',
    );
  });

  it("refuses a schedule that never fires (create, update, disabled or not): nothing is stored", async () => {
    const user = await signUpUser();
    const never = { type: "schedule" as const, cron: "0 0 30 2 *" };
    const created = await expectApiError(
      user.api.workflows.create.mutate(httpWorkflow("never", [], never)),
      "BAD_REQUEST",
    );
    expect(created.message).toMatch(/^trigger\.cron: this schedule never fires: "0 0 30 2 \*"/);
    expect(created.data.issues?.[0]?.path).toBe("trigger.cron");
    await expectApiError(
      user.api.workflows.create.mutate({ ...httpWorkflow("never", [], never), enabled: false }),
      "BAD_REQUEST",
    );
    expect(await user.api.workflows.list.query()).toEqual([]);

    const wf = await user.api.workflows.create.mutate(
      httpWorkflow("daily", [], { type: "schedule", cron: "0 9 * * *" }),
    );
    const updated = await expectApiError(
      user.api.workflows.update.mutate({ id: wf.id, ...httpWorkflow("daily", [], never) }),
      "BAD_REQUEST",
    );
    expect(updated.message).toMatch(/this schedule never fires/);
    const rows = await queryRows<{ cron: string; next_run_at: string | null }>(
      "SELECT cron, next_run_at FROM workflows WHERE id = ?",
      wf.id,
    );
    expect(rows).toEqual([{ cron: "0 9 * * *", next_run_at: expect.any(String) }]);
  });

  it("refuses at save a header name with CR/LF and credentials in URL userinfo, naming step and field", async () => {
    const user = await signUpUser();
    const badHeader = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Header",
        trigger: { type: "manual" },
        steps: [{ id: "call", type: "http", url: "https://example.test/", headers: { "X-A\r\nX-B": "1" } }],
      }),
      "BAD_REQUEST",
    );
    expect(badHeader.message).toMatch(
      /^step "call" \(headers\): "X-A\\r\\nX-B" is not a valid HTTP header name/,
    );
    expect(badHeader.data.issues?.[0]?.path).toBe("steps[0].headers");

    const userinfo = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Userinfo",
        trigger: { type: "manual" },
        steps: [{ id: "call", type: "http", url: "https://{{secrets.user}}:{{secrets.pass}}@example.test/" }],
      }),
      "BAD_REQUEST",
    );
    expect(userinfo.message).toMatch(
      /^step "call" \(url\): \{\{secrets\.user\}\} puts credentials in the URL \(user:password@host\), which are never sent: put them in an Authorization header instead/,
    );
    expect(await user.api.workflows.list.query()).toEqual([]);
  });

  it("rejects definitions over 256 KiB", async () => {
    const user = await signUpUser();
    const error = await expectApiError(
      user.api.workflows.create.mutate({
        name: "Huge",
        trigger: { type: "manual" },
        steps: [
          {
            id: "post",
            type: "http",
            method: "POST",
            url: "https://example.test",
            body: { type: "text", value: "x".repeat(300_000) },
          },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toMatch(/over the 262144-byte \(256 KiB\) limit/);
  });

  it("refuses a manual run input nested deeper than 64 levels with BAD_REQUEST (no 500, nothing queued)", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("deep"));
    // Written as text: no JSON.stringify could serialise it (the client's or anyone's).
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    const response = await recordingFetch(`${API_URL}/trpc/workflows.run`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: `{"id":${JSON.stringify(wf.id)},"input":${deep}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toBe(
      "input: the run input is nested deeper than 64 levels of arrays and objects",
    );
    expect(await queryRows("SELECT id FROM runs WHERE workflow_id = ?", wf.id)).toEqual([]);
  });

  it("NOT_FOUND for unknown ids on every workflow procedure", async () => {
    const user = await signUpUser();
    await expectApiError(user.api.workflows.get.query({ id: "wf_missing" }), "NOT_FOUND");
    await expectApiError(
      user.api.workflows.update.mutate({ id: "wf_missing", ...httpWorkflow("x") }),
      "NOT_FOUND",
    );
    await expectApiError(
      user.api.workflows.setEnabled.mutate({ id: "wf_missing", enabled: false }),
      "NOT_FOUND",
    );
    await expectApiError(user.api.workflows.delete.mutate({ id: "wf_missing" }), "NOT_FOUND");
    const run = await expectApiError(user.api.workflows.run.mutate({ id: "wf_missing" }), "NOT_FOUND");
    expect(run.message).toBe('no workflow "wf_missing"');
  });
});

describe("workflows.run when the runs Queue refuses", () => {
  it("marks the run failed, answers a retryable SERVICE_UNAVAILABLE, and logs the request id", async () => {
    const user = await signUpUser();
    const wf = await user.api.workflows.create.mutate(httpWorkflow("Unlucky"));
    const call = () =>
      fetchWithUnavailableQueue(
        new Request(`${API_URL}/trpc/workflows.run`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
          body: JSON.stringify({ id: wf.id }),
        }),
      );
    const { result: response, lines } = await captureErrorLog(call);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; data: { code: string } } };
    expect(body.error.message).toBe("the run could not be queued; try again");
    expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE");
    const runs = await queryRows("SELECT status, error FROM runs WHERE workflow_id = ?", wf.id);
    expect(runs).toEqual([{ status: "failed", error: "the run could not be queued; try again" }]);

    // The 5xx line carries the request id the init middleware set, and a second request has another.
    const [line] = parseLogLines(lines);
    expect(line).toMatchObject({ where: "trpc:workflows.run", error: "Error" });
    expect(line?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await captureErrorLog(call);
    expect(parseLogLines(again.lines)[0]?.requestId).not.toBe(line?.requestId);
  });
});
