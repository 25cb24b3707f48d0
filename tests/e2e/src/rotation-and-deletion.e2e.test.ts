import { beforeAll, describe, expect, it } from "vitest";
import { failure, type User } from "./support/api";
import { plantCanary } from "./support/canaries";
import { readInbox, waitForRun } from "./support/runs";
import { definitions, type SeedSecrets, signUpWithSeedSecrets } from "./support/seed-user";

let carol: User;
let secrets: SeedSecrets;
let chargeId: string;

beforeAll(async () => {
  ({ user: carol, secrets } = await signUpWithSeedSecrets("carol"));
  chargeId = (await carol.client.workflows.create.mutate(definitions.charge())).id;
});

async function runCharge() {
  const { runId } = await carol.client.workflows.run.mutate({ id: chargeId });
  return { runId, run: await waitForRun(carol.client, runId) };
}

describe("rotation and deletion through the real stack", () => {
  it("a rotated value is used by the next run, with no workflow edit", async () => {
    const before = await runCharge();
    expect(before.run.status).toBe("succeeded");

    const rotated = plantCanary("stripe_secret", (r) => `sk_test_${r}`);
    const saved = await carol.client.secrets.update.mutate({ name: "stripe_secret", value: rotated.value });
    expect(saved.version).toBe(2);

    const after = await runCharge();
    expect(after.run.status).toBe("succeeded");
    const inbox = await readInbox();
    const sent = (runId: string) =>
      inbox.echo
        .filter((r) => r.headers["idempotency-key"] === `${runId}:charge`)
        .map((r) => r.headers.authorization);
    expect(sent(before.runId)).toEqual([`Bearer ${secrets.stripe.value}`]);
    expect(sent(after.runId)).toEqual([`Bearer ${rotated.value}`]);
  });

  it("deleting a secret a workflow uses is refused without force, naming the workflow", async () => {
    const refused = await failure(carol.client.secrets.delete.mutate({ name: "slack_alerts" }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("Charge customer");
    expect(JSON.stringify(refused.data)).toContain(chargeId);
    const names = (await carol.client.secrets.list.query()).map((s) => s.name);
    expect(names).toContain("slack_alerts");
  });

  it("with force it is deleted, and the next run fails at the step that needs it", async () => {
    const deleted = await carol.client.secrets.delete.mutate({ name: "slack_alerts", force: true });
    expect(JSON.stringify(deleted)).toContain(chargeId);

    const { runId, run } = await runCharge();
    const expected =
      'step "notify" (webhookUrl): {{secrets.slack_alerts}} does not resolve: no secret named "slack_alerts"';
    expect(run.status).toBe("failed");
    expect(run.error).toBe(expected);
    // The step before it stays done; the ones after it never ran.
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["charge", "succeeded"],
      ["notify", "failed"],
      ["receipt", "skipped"],
    ]);
    expect(run.steps[1]?.error).toBe(expected);
    // The step before it really ran; the slack and email steps sent nothing.
    const inbox = await readInbox();
    expect(inbox.echo.filter((r) => r.headers["idempotency-key"] === `${runId}:charge`)).toHaveLength(1);
    expect(inbox.mail.filter((m) => m.password === secrets.smtp.value)).toHaveLength(2);
  });
});
