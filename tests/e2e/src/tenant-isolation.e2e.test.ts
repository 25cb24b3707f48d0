import { beforeAll, describe, expect, inject, it } from "vitest";
import { failure, failureCode, type User } from "./support/api";
import { readInbox, waitForRun } from "./support/runs";
import { definitions, type SeedSecrets, signUpWithSeedSecrets } from "./support/seed-user";

let dana: User;
let danaSecrets: SeedSecrets;
let eve: User;
let eveSecrets: SeedSecrets;
let danaItems: { workflowId: string; runId: string };

beforeAll(async () => {
  ({ user: dana, secrets: danaSecrets } = await signUpWithSeedSecrets("dana"));
  ({ user: eve, secrets: eveSecrets } = await signUpWithSeedSecrets("eve"));
  const workflowId = (await dana.client.workflows.create.mutate(definitions.charge())).id;
  const { runId } = await dana.client.workflows.run.mutate({ id: workflowId });
  await waitForRun(dana.client, runId);
  danaItems = { workflowId, runId };
});

describe("user B cannot reach user A's secrets, workflows or runs", () => {
  it("lists show only the caller's own items", async () => {
    const secrets = await eve.client.secrets.list.query();
    expect(secrets.every((s) => s.usedBy.every((u) => u.workflowId !== danaItems.workflowId))).toBe(true);
    expect((await eve.client.workflows.list.query()).map((w) => w.id)).not.toContain(danaItems.workflowId);
    expect((await eve.client.runs.list.query({})).items.map((r) => r.id)).not.toContain(danaItems.runId);
    const audit = JSON.stringify(await eve.client.audit.list.query({}));
    expect(audit).not.toContain(danaItems.workflowId);
    expect(audit).not.toContain(danaItems.runId);
    expect(audit).not.toContain(dana.id);
  });

  it("by id: get, update, run, delete and runs of A's workflow answer NOT_FOUND, like a missing id", async () => {
    const id = danaItems.workflowId;
    const missing = await failure(eve.client.workflows.get.query({ id: "wf_does_not_exist" }));
    const foreign = await failure(eve.client.workflows.get.query({ id }));
    // Same code, same message but for the id asked about.
    expect([foreign.code, foreign.message.replace(id, "<id>")]).toEqual([
      missing.code,
      missing.message.replace("wf_does_not_exist", "<id>"),
    ]);
    expect(foreign.code).toBe("NOT_FOUND");
    expect(await failureCode(eve.client.workflows.update.mutate({ id, ...definitions.charge() }))).toBe(
      "NOT_FOUND",
    );
    expect(await failureCode(eve.client.workflows.run.mutate({ id }))).toBe("NOT_FOUND");
    expect(await failureCode(eve.client.workflows.delete.mutate({ id }))).toBe("NOT_FOUND");
    expect(await failureCode(eve.client.runs.get.query({ id: danaItems.runId }))).toBe("NOT_FOUND");
    const runs = eve.client.runs.list.query({ workflowId: id });
    const code = await failureCode(runs);
    expect(code === "NOT_FOUND" || (code === "resolved" && (await runs).items.length === 0)).toBe(true);
  });

  it("by name: A's secret names resolve only to B's own secrets, or NOT_FOUND", async () => {
    // Names are per user: deleting a name B does not have is NOT_FOUND, even though A has it.
    await eve.client.secrets.delete.mutate({ name: "webhook_signing_key", force: true });
    expect(await failureCode(eve.client.secrets.delete.mutate({ name: "webhook_signing_key" }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await failureCode(
        eve.client.secrets.update.mutate({ name: "webhook_signing_key", value: "x".repeat(20) }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("a workflow of B that references A's secret name gets B's value, never A's", async () => {
    const workflowId = (await eve.client.workflows.create.mutate(definitions.charge())).id;
    const { runId } = await eve.client.workflows.run.mutate({ id: workflowId });
    expect((await waitForRun(eve.client, runId)).status).toBe("succeeded");
    const sent = (await readInbox()).echo.filter((r) => r.headers["idempotency-key"] === `${runId}:charge`);
    expect(sent.map((r) => r.headers.authorization)).toEqual([`Bearer ${eveSecrets.stripe.value}`]);
  });

  it("a reference to a name only A has does not resolve for B", async () => {
    const created = await eve.client.workflows.create.mutate({
      name: "Borrow a key",
      trigger: { type: "manual" },
      steps: [
        {
          id: "borrow",
          type: "http",
          method: "POST",
          url: `${inject("echoUrl")}/borrow`,
          headers: { "X-Key": "{{secrets.webhook_signing_key}}" },
        },
      ],
    });
    expect(created.missingSecrets).toEqual(["webhook_signing_key"]);
    const { runId } = await eve.client.workflows.run.mutate({ id: created.id });
    const run = await waitForRun(eve.client, runId);
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      'step "borrow" (headers.X-Key): {{secrets.webhook_signing_key}} does not resolve: no secret named "webhook_signing_key"',
    );
    expect((await readInbox()).echo.filter((r) => r.url === "/borrow")).toEqual([]);
  });

  it("after all of that, A's data is unchanged", async () => {
    const names = (await dana.client.secrets.list.query()).map((s) => [s.name, s.version]);
    expect(names).toEqual(
      Object.values(danaSecrets)
        .map((c) => [c.name, 1])
        .sort(),
    );
    expect((await dana.client.workflows.get.query({ id: danaItems.workflowId })).id).toBe(
      danaItems.workflowId,
    );
    expect((await dana.client.runs.get.query({ id: danaItems.runId })).status).toBe("succeeded");
  });
});
