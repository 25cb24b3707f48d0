import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { records, slackUrl } from "../../test/worker/servers";

describe("slack step", () => {
  it("posts { text, blocks } to the webhook URL kept as {{secrets.slack_alerts}}", async () => {
    const user = await seedUser();
    const token = crypto.randomUUID();
    await putSecret(user, "slack_alerts", `${slackUrl}/services/T000/B000/${token}`);
    const wf = await seedWorkflow(user, {
      name: "alert",
      trigger: { type: "manual" },
      steps: [
        {
          id: "notify",
          type: "slack",
          webhookUrl: "{{secrets.slack_alerts}}",
          text: 'Deploy of {{trigger.service}} "done" <ok>',
          blocks: [{ type: "section", text: { type: "mrkdwn", text: "*{{trigger.service}}*" } }],
        },
      ],
    });
    const runId = await queueRun(wf.id, user, { service: "billing\napi" });
    await deliverRun(runId);

    const sent = (await records()).requests.filter((r) => r.server === "slack" && r.path.endsWith(token));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual({
      text: 'Deploy of billing\napi "done" <ok>',
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*billing\napi*" } }],
    });
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0]?.request).toEqual({
      webhookUrl: "{{secrets.slack_alerts}}",
      text: 'Deploy of {{trigger.service}} "done" <ok>',
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*{{trigger.service}}*" } }],
    });
    expect(view.steps[0]?.output).toEqual({ status: 200, body: "ok" });
  });

  it("fails on a non-2xx answer with Slack's error text, masked", async () => {
    const user = await seedUser();
    await putSecret(user, "slack_alerts", `${slackUrl}/services/T000/B000/revoked`);
    const wf = await seedWorkflow(user, {
      name: "alert",
      trigger: { type: "manual" },
      steps: [{ id: "notify", type: "slack", webhookUrl: "{{secrets.slack_alerts}}", text: "hi" }],
    });
    const runId = await queueRun(wf.id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.steps[0]?.error).toBe("Slack answered 403: invalid_token for [masked:slack_alerts]");
    expect(view.error).toBe('step "notify": Slack answered 403: invalid_token for [masked:slack_alerts]');
    expect(JSON.stringify(view)).not.toContain("/services/T000/B000/revoked");
  });
});
