import { describe, expect, it } from "vitest";
import { API_URL, recordingFetch, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { captureErrorLog, parseLogLines } from "../../test/error-log";
import { fetchWithUnavailableQueue, fetchWorker, postHook, webhookWorkflow } from "../../test/webhooks";
import { MAX_DISCARDED_BYTES } from "./read-limited-body";

const NOT_FOUND = JSON.stringify({ error: "not found" });
const ONE_MIB = 1024 * 1024;
const runsOf = (workflowId: string) =>
  queryRows<{ id: string; status: string; error: string | null }>(
    "SELECT * FROM runs WHERE workflow_id = ?",
    workflowId,
  );

describe("POST /hooks/:webhookId (errors)", () => {
  it("answers the same bare 404 for unknown, disabled, no-longer-webhook and malformed ids, other methods and paths", async () => {
    const user = await signUpUser();
    const disabled = await webhookWorkflow(user.api, "Off");
    await user.api.workflows.setEnabled.mutate({ id: disabled.id, enabled: false });
    const nowManual = await webhookWorkflow(user.api, "Was a webhook");
    await user.api.workflows.update.mutate({
      id: nowManual.id,
      name: "Manual now",
      trigger: { type: "manual" },
      steps: [{ id: "a", type: "script", code: "return 1" }],
    });
    const live = await webhookWorkflow(user.api, "Live");

    const attempts: [string, string][] = [
      ["POST", `/hooks/wh_${"A".repeat(43)}`],
      ["POST", `/hooks/${disabled.webhookId}`],
      ["POST", `/hooks/${nowManual.webhookId}`],
      ["POST", `/hooks/${"a".repeat(129)}`],
      ["POST", "/hooks/bad%20id"],
      // A bad percent escape is an id that cannot exist, not a server error.
      ["POST", "/hooks/%E0%A4%A"],
      ["POST", "/hooks/wh_%"],
      ["POST", "/hooks/%ZZ"],
      ["POST", "/hooks/"],
      ["POST", `/hooks/${live.webhookId}/extra`],
      ["GET", `/hooks/${live.webhookId}`],
      ["PUT", `/hooks/${live.webhookId}`],
    ];
    for (const [method, path] of attempts) {
      const response = await recordingFetch(`${API_URL}${path}`, {
        method,
        ...(method === "GET" ? {} : { body: '{"event":"x"}' }),
      });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      expect(await response.text()).toBe(NOT_FOUND);
    }
    expect(await queryRows("SELECT id FROM runs WHERE user_id = ?", user.user.id)).toEqual([]);
  });

  it("refuses a body over 1 MiB with 413, counted as it is read (no Content-Length), and queues nothing", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    const declared = await postHook(webhookId, { body: "x".repeat(ONE_MIB + 1) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: "payload too large (limit 1 MiB)" });

    // A streamed body carries no Content-Length: only counting the bytes can refuse it. Handed to the
    // Worker in this isolate, so the test sees how much of the stream the Worker reads.
    const streamOf = (totalBytes: number) => {
      const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
      const seen = { sent: 0, cancelled: false };
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (seen.sent >= totalBytes) return controller.close();
          seen.sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          seen.cancelled = true;
        },
      });
      return { stream, seen };
    };
    const post = (body: ReadableStream<Uint8Array>) =>
      fetchWorker(new Request(`${API_URL}/hooks/${webhookId}`, { method: "POST", body }));

    // Over the limit: refused, and drained to its end (an unread body breaks the next request under
    // wrangler dev) without being kept.
    const twoMib = streamOf(2 * ONE_MIB);
    expect((await post(twoMib.stream)).status).toBe(413);
    expect(twoMib.seen).toEqual({ sent: 2 * ONE_MIB, cancelled: false });

    // Far over it: drained up to MAX_DISCARDED_BYTES, then cancelled.
    const huge = streamOf(64 * ONE_MIB);
    expect((await post(huge.stream)).status).toBe(413);
    expect(huge.seen.cancelled).toBe(true);
    expect(huge.seen.sent).toBeLessThanOrEqual(MAX_DISCARDED_BYTES + 2 * 64 * 1024);
    expect(await runsOf(id)).toEqual([]);

    // Exactly 1 MiB is accepted.
    const atLimit = await postHook(webhookId, { body: "z".repeat(ONE_MIB) });
    expect(atLimit.status).toBe(202);
  });

  it("refuses with 413 a body under 1 MiB whose sealed JSON form would not fit in a D1 row, storing nothing", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    // Control characters are written \u0001 in JSON: six times the bytes.
    const response = await postHook(webhookId, { body: "\u0001".repeat(ONE_MIB / 2) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error:
        "payload too large: the trigger is too large to store (at most about 1.4 MiB once written as JSON)",
    });
    expect(await runsOf(id)).toEqual([]);
  });

  it("refuses a JSON body nested 400,000 deep with 400 before parsing or storing it (was a 500); 64 levels pass", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    const json = { "content-type": "application/json" };
    // Both under the 1 MiB body limit: 400,000 arrays, 150,000 objects.
    const arrays = "[".repeat(400_000) + "]".repeat(400_000);
    const objects = `${'{"a":'.repeat(150_000)}1${"}".repeat(150_000)}`;
    for (const body of [arrays, objects]) {
      const response = await postHook(webhookId, { headers: json, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: "the JSON body is nested deeper than 64 levels of arrays and objects",
      });
    }
    expect(await runsOf(id)).toEqual([]);
    const atLimit = await postHook(webhookId, { headers: json, body: "[".repeat(64) + "]".repeat(64) });
    expect(atLimit.status).toBe(202);
  });

  it("when the Queue refuses, marks the run failed and answers 503 saying to try again; the log names only the error", async () => {
    const user = await signUpUser();
    const { id, webhookId } = await webhookWorkflow(user.api);
    const bodyMarker = `body-marker-${crypto.randomUUID()}`;
    const { result: response, lines } = await captureErrorLog(() =>
      fetchWithUnavailableQueue(
        new Request(`${API_URL}/hooks/${webhookId}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-marker": bodyMarker },
          body: JSON.stringify({ marker: bodyMarker }),
        }),
      ),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "the run could not be queued; try again" });
    expect(await runsOf(id)).toMatchObject([
      { status: "failed", error: "the run could not be queued; try again" },
    ]);
    // The run ended at queue time: its sealed trigger is deleted with it.
    const [failedRun] = await runsOf(id);
    expect(failedRun?.id).toMatch(/^run_/);
    expect(await queryRows("SELECT run_id FROM run_triggers WHERE run_id = ?", failedRun?.id)).toEqual([]);

    expect(parseLogLines(lines)).toEqual([
      {
        level: "error",
        msg: "request failed",
        where: "POST /hooks/:webhookId",
        error: "Error",
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
    const logged = lines.join("\n");
    expect(logged).not.toContain(bodyMarker);
    expect(logged).not.toContain(webhookId);
    expect(logged).not.toContain("service unavailable");
  });
});
