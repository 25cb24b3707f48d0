import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records, slackUrl, smtpPort } from "../../test/worker/servers";

const echoPort = new URL(echoUrl).port;
const slackPort = new URL(slackUrl).port;
const PRODUCTION = { ALLOW_PRIVATE_NETWORK: "false" };

/** One workflow with one step, run once with the production egress setting. */
async function runOnce(step: Record<string, unknown>, vars: Record<string, string> = PRODUCTION) {
  const user = await seedUser();
  await putSecret(user, "token", "sk_test_egress_value");
  const wf = await seedWorkflow(user, {
    name: "egress",
    trigger: { type: "manual" },
    steps: [step as never],
  });
  const runId = await queueRun(wf.id, user);
  await deliverRun(runId, 1, vars);
  return runView(runId);
}

// Every target below is a loopback server of this test run: if the check let one through, the
// request would be recorded. Nothing here sends traffic to any other address.
describe("egress policy (ALLOW_PRIVATE_NETWORK off, as in production)", () => {
  it("refuses loopback in every notation before any connection: the echo server records nothing", async () => {
    const marker = crypto.randomUUID();
    const targets = [
      `http://127.0.0.1:${echoPort}`,
      `http://2130706433:${echoPort}`,
      `http://0x7f000001:${echoPort}`,
      `http://0x7f.1:${echoPort}`,
      `http://0177.0.0.1:${echoPort}`,
      `http://127.1:${echoPort}`,
      `http://localhost:${echoPort}`,
      `http://api.localhost:${echoPort}`,
      `http://[::1]:${echoPort}`,
      `http://[::ffff:127.0.0.1]:${echoPort}`,
    ];
    for (const [i, base] of targets.entries()) {
      const view = await runOnce({
        id: "call",
        type: "http",
        url: `${base}/echo/${marker}-${i}`,
        headers: { Authorization: "Bearer {{secrets.token}}" },
      });
      expect([base, view.status]).toEqual([base, "failed"]);
      expect(view.steps[0]?.error).toMatch(
        /^refused: (127\.0\.0\.1|localhost|api\.localhost|\[::1\]|\[::ffff:7f00:1\]) is (a|the|an IPv4-mapped form of a) loopback (address|name)/,
      );
      expect(view.steps[0]?.error).toContain('ALLOW_PRIVATE_NETWORK="true"');
      expect(view.error).toMatch(/^step "call": refused: /);
    }
    const reached = (await records()).requests.filter((r) => r.path.includes(marker));
    expect(reached).toEqual([]);
  });

  it("refuses a Slack webhook URL and an SMTP host on loopback the same way (nothing delivered)", async () => {
    const marker = crypto.randomUUID();
    const slack = await runOnce({
      id: "notify",
      type: "slack",
      webhookUrl: `http://0x7f.0.0.1:${slackPort}/services/${marker}`,
      text: "hello",
    });
    expect(slack.steps[0]?.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    const mail = await runOnce({
      id: "mail",
      type: "email",
      smtp: { host: "2130706433", port: smtpPort, security: "none", password: "{{secrets.token}}" },
      from: "a@example.test",
      to: ["b@example.test"],
      subject: marker,
      text: "t",
    });
    expect(mail.steps[0]?.error).toMatch(/^refused: 2130706433 is a loopback address/);
    const recorded = await records();
    expect(recorded.requests.filter((r) => r.path.includes(marker))).toEqual([]);
    expect(recorded.mails.filter((m) => m.data.includes(marker))).toEqual([]);
  });

  it('with ALLOW_PRIVATE_NETWORK="true" (pnpm dev, tests) the same loopback step goes out', async () => {
    const marker = crypto.randomUUID();
    const view = await runOnce(
      { id: "call", type: "http", url: `http://2130706433:${echoPort}/echo/${marker}` },
      { ALLOW_PRIVATE_NETWORK: "true" },
    );
    expect(view.status).toBe("succeeded");
    expect((await records()).requests.filter((r) => r.path.includes(marker))).toHaveLength(1);
  });
});
