import { env } from "cloudflare:workers";
import { buildTriggerAad, sealSecret } from "@workflow-secrets/crypto";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, sealingPublicKey, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, records } from "../../test/worker/servers";

async function runScriptWorkflow(
  code: string,
  limits: { timeoutMs?: number; memoryMb?: number } = {},
  triggerJson?: string,
) {
  const user = await seedUser();
  await putSecret(user, "api_key", "sk_test_script_value");
  const marker = crypto.randomUUID();
  const wf = await seedWorkflow(user, {
    name: "script",
    trigger: { type: "manual" },
    steps: [
      { id: "compute", type: "script", code, ...limits },
      {
        id: "send",
        type: "http",
        method: "POST",
        url: `${echoUrl}/echo/${marker}`,
        body: { type: "json", value: { total: "{{steps.compute.total}}" } },
      },
    ],
  });
  const runId = await queueRun(wf.id, user, { items: [2, 3, 5] });
  // Sealed as text, as a writer other than the API could: no JSON.stringify could serialise a
  // 400,000-deep value, and the API refuses one at intake.
  if (triggerJson) {
    const aad = buildTriggerAad({ userId: user, workflowId: wf.id, runId });
    const envelope = await sealSecret(triggerJson, { publicKey: sealingPublicKey, aad });
    await env.DB.prepare("UPDATE run_triggers SET envelope = ?1 WHERE run_id = ?2")
      .bind(envelope, runId)
      .run();
  }
  await deliverRun(runId);
  return { view: await runView(runId), marker };
}

describe("script step", () => {
  it("returns its output to later steps and keeps its console output, masked", async () => {
    const { view, marker } = await runScriptWorkflow(`
      console.log("using", secrets.api_key, "for", trigger.items.length, "items");
      return { total: trigger.items.reduce((a, b) => a + b, 0), signature: hmacSha256Hex(secrets.api_key, "x") };
    `);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0]?.console).toBe("using [masked:api_key] for 3 items");
    expect(view.steps[0]?.request).toEqual({ code: expect.stringContaining("secrets.api_key") });
    const sent = (await records()).requests.find((r) => r.path.includes(marker));
    expect(JSON.parse(sent?.body ?? "")).toEqual({ total: "10" });
  });

  it("an infinite loop fails the step at its time limit; the run stops there", async () => {
    const { view } = await runScriptWorkflow("while (true) {}", { timeoutMs: 100 });
    expect(view.error).toBe('step "compute": the script ran longer than 100 ms and was stopped');
    expect(view.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
  });

  it("a memory bomb fails the step at its memory limit, and the runner stays healthy", async () => {
    const { view } = await runScriptWorkflow("const a = []; for (;;) a.push(new Uint8Array(1 << 20));", {
      memoryMb: 8,
    });
    expect(view.error).toBe('step "compute": the script used more than 8 MiB of memory and was stopped');
    const next = await runScriptWorkflow("return { total: 1 }");
    expect(next.view.status).toBe("succeeded");
  });

  it("refuses a trigger nested 400,000 deep before any step (or QuickJS) sees it: the run fails with a message", async () => {
    const depth = 400_000;
    const { view } = await runScriptWorkflow(
      "return { total: 1 }",
      {},
      "[".repeat(depth) + "]".repeat(depth),
    );
    expect(view.status).toBe("failed");
    expect(view.error).toBe(
      "the run's trigger is nested deeper than 64 levels of arrays and objects; no step was started",
    );
    expect(view.steps).toEqual([]);
    // At the limit it runs.
    const atLimit = await runScriptWorkflow("return { total: 1 }", {}, "[".repeat(63) + "]".repeat(63));
    expect(atLimit.view.status).toBe("succeeded");
  });
});
