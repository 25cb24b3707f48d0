import { findLeaks } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signUpUser, type User } from "./support/api";
import { type Canary, plantCanary } from "./support/canaries";
import { sessionJwt, startLifecycleServer } from "./support/lifecycle-server";
import { waitForRun } from "./support/runs";

let server: Awaited<ReturnType<typeof startLifecycleServer>>;
let dana: User;

beforeAll(async () => {
  server = await startLifecycleServer();
  dana = await signUpUser("dana");
});
afterAll(() => server?.close());

const bearerStep = (id: string, path: string, secret = "lc_key") => ({
  id,
  type: "http" as const,
  method: "GET" as const,
  url: `${server.url}${path}`,
  headers: { Authorization: `Bearer {{secrets.${secret}}}` },
  retries: 0,
});

async function runOnce(workflowId: string) {
  const { runId } = await dana.client.workflows.run.mutate({ id: workflowId });
  return { runId, run: await waitForRun(dana.client, runId) };
}

const authorizationsAt = (marker: string) =>
  server.seen.filter((s) => s.path.endsWith(`/${marker}`)).map((s) => s.authorization);

describe("secret lifecycle through the real stack", () => {
  const versions: Canary[] = [];

  it("rotate three times, roll back: the next run sends the rolled-back value and records its version", async () => {
    for (let v = 1; v <= 4; v++) versions.push(plantCanary("lc_key", (r) => `lc_${r}_v${v}`));
    await dana.client.secrets.create.mutate({ name: "lc_key", value: versions[0]?.value as string });
    for (const canary of versions.slice(1)) {
      await dana.client.secrets.update.mutate({ name: "lc_key", value: canary.value });
    }
    const rolled = await dana.client.secrets.rollback.mutate({ name: "lc_key", version: 2 });
    expect(rolled).toMatchObject({ version: 5, rolledBackFrom: 2 });

    const history = await dana.client.secrets.versions.query({ name: "lc_key" });
    expect(history.versions.map((v) => [v.version, v.current, v.rolledBackFrom, v.createdBy.kind])).toEqual([
      [5, true, 2, "session"],
      [4, false, null, "session"],
      [3, false, null, "session"],
      [2, false, null, "session"],
      [1, false, null, "session"],
    ]);

    const marker = crypto.randomUUID();
    const workflow = await dana.client.workflows.create.mutate({
      name: "After rollback",
      trigger: { type: "manual" },
      steps: [bearerStep("call", `/remember/${marker}`)],
    });
    const { runId, run } = await runOnce(workflow.id);
    expect(run.status).toBe("succeeded");
    expect(authorizationsAt(marker)).toEqual([`Bearer ${versions[1]?.value}`]);
    expect(run.secretVersions).toEqual([{ name: "lc_key", version: 5, label: "lc_key v5" }]);
    const used = await dana.client.secrets.versions.query({ name: "lc_key" });
    expect(used.versions[0]?.runs.map((r) => r.runId)).toEqual([runId]);
    expect(findLeaks(JSON.stringify([run, history, used]), versions)).toEqual([]);
  });

  it("a run started before a rotation uses one version for all its steps; an echo of the old value is masked", async () => {
    const marker = crypto.randomUUID();
    const workflow = await dana.client.workflows.create.mutate({
      name: "Rotated mid-run",
      trigger: { type: "manual" },
      steps: [bearerStep("first", `/hold/${marker}`), bearerStep("second", `/remember/${marker}`)],
    });
    const { runId } = await dana.client.workflows.run.mutate({ id: workflow.id });
    // The first step is at the service: rotate now, then let the service answer.
    await vi.waitFor(() => expect(authorizationsAt(marker)).toHaveLength(1), { timeout: 45_000 });
    const next = plantCanary("lc_key", (r) => `lc_${r}_v6`);
    versions.push(next);
    await dana.client.secrets.update.mutate({ name: "lc_key", value: next.value });
    server.release(marker);
    const run = await waitForRun(dana.client, runId);
    expect(run.status).toBe("succeeded");
    const before = `Bearer ${versions[1]?.value}`;
    expect(authorizationsAt(marker)).toEqual([before, before]);
    expect(run.secretVersions.map((v) => v.label)).toEqual(["lc_key v5"]);

    // The next run sends v6; the service answers with every key it has seen, v5's included.
    const after = await runOnce(workflow.id);
    expect(authorizationsAt(marker).slice(2)).toEqual([`Bearer ${next.value}`, `Bearer ${next.value}`]);
    const stored = JSON.stringify(after.run.steps[1]?.response);
    expect(stored.match(/\[masked:lc_key\]/g)?.length).toBe(4);
    expect(findLeaks(JSON.stringify(after.run), versions)).toEqual([]);
  });

  it("an expired JWT secret fails the run before its first step, naming it and when it expired", async () => {
    const expired = new Date(Date.now() - 3_600_000);
    const jwt = plantCanary("lc_jwt", () => sessionJwt({ exp: Math.floor(expired.getTime() / 1000) }));
    const saved = await dana.client.secrets.create.mutate({ name: "lc_jwt", value: jwt.value });
    const expiresAt = new Date(Math.floor(expired.getTime() / 1000) * 1000).toISOString();
    expect(saved.expiresAt).toBe(expiresAt);
    const marker = crypto.randomUUID();
    const workflow = await dana.client.workflows.create.mutate({
      name: "Uses an expired token",
      trigger: { type: "manual" },
      steps: [
        bearerStep("first", `/remember/${marker}`, "lc_jwt"),
        bearerStep("second", `/remember/${marker}`),
      ],
    });
    const { run } = await runOnce(workflow.id);
    expect(run.status).toBe("failed");
    expect(run.error).toContain(`secret "lc_jwt" (v1) expired at ${expiresAt}: nothing was sent`);
    expect(run.steps.map((s) => s.status)).toEqual(["skipped", "skipped"]);
    expect(authorizationsAt(marker)).toEqual([]);
    const listed = (await dana.client.secrets.list.query()).find((s) => s.name === "lc_jwt");
    expect(listed).toMatchObject({ state: "expired", expiresAt });
  });

  it("three runs refused with 401 mark the secret failing, and the audit log records the change", async () => {
    const refused = plantCanary("lc_refused", (r) => `lc_refused_${r}`);
    await dana.client.secrets.create.mutate({ name: "lc_refused", value: refused.value });
    const workflow = await dana.client.workflows.create.mutate({
      name: "Refused",
      trigger: { type: "manual" },
      steps: [bearerStep("call", "/status/401", "lc_refused")],
    });
    for (let i = 0; i < 3; i++) expect((await runOnce(workflow.id)).run.status).toBe("failed");
    const listed = (await dana.client.secrets.list.query()).find((s) => s.name === "lc_refused");
    expect(listed?.state).toBe("failing");
    const audit = await dana.client.audit.list.query({ limit: 50 });
    expect(
      audit.items.filter((e) => e.action === "secret.state_changed" && e.secretName === "lc_refused"),
    ).toMatchObject([{ detail: { from: "ok", to: "failing" }, actor: "runner" }]);
  });

  it("a response carrying a new sk_live key and a JWT is stored masked, and the finding is listed", async () => {
    const workflow = await dana.client.workflows.create.mutate({
      name: "Provision a key",
      trigger: { type: "manual" },
      steps: [{ id: "provision", type: "http", method: "POST", url: `${server.url}/issue`, retries: 0 }],
    });
    const { run } = await runOnce(workflow.id);
    expect(run.status).toBe("succeeded");
    const issued = server.issued.at(-1);
    if (!issued) throw new Error("the service issued nothing");
    // The vault never held these: the sweep must not find them anywhere either.
    plantCanary("issued_key", () => issued.key);
    plantCanary("issued_jwt", () => issued.jwt);
    const [step] = run.steps;
    expect(step?.response).toMatchObject({
      body: {
        secret: "[masked:unregistered stripe-secret-key-live]",
        session: { token: "[masked:unregistered jwt]" },
      },
    });
    expect(step?.unregistered).toEqual(
      expect.arrayContaining([
        { kind: "stripe-secret-key-live", label: "Stripe secret key", field: "response", count: 1 },
        { kind: "jwt", label: "JSON Web Token", field: "response", count: 1 },
      ]),
    );
    expect(JSON.stringify(run)).not.toContain(issued.key);
    expect(JSON.stringify(run)).not.toContain(issued.jwt);
  });
});
