import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { records, smtpPort } from "../../test/worker/servers";

const emailStep = (overrides: Record<string, unknown> = {}) => ({
  id: "mail",
  type: "email" as const,
  smtp: {
    host: "127.0.0.1",
    port: smtpPort,
    security: "none" as const,
    username: "{{secrets.smtp_user}}",
    password: "{{secrets.smtp_password}}",
  },
  from: "runner@example.test",
  to: ["ops@example.test"],
  subject: "Nightly report {{trigger.day}}",
  text: "All good.",
  ...overrides,
});

describe("email step", () => {
  it("authenticates with {{secrets.smtp_password}} exactly and delivers the message", async () => {
    const user = await seedUser();
    const password = `pw ${crypto.randomUUID()} :+/é`;
    const username = `user-${crypto.randomUUID()}`;
    await putSecret(user, "smtp_password", password);
    await putSecret(user, "smtp_user", username);
    const wf = await seedWorkflow(user, { name: "mail", trigger: { type: "manual" }, steps: [emailStep()] });
    const runId = await queueRun(wf.id, user, { day: "Monday" });
    await deliverRun(runId);

    const mail = (await records()).mails.find((m) => m.auth?.username === username);
    expect(mail?.auth?.password).toBe(password);
    expect(mail?.to).toEqual(["ops@example.test"]);
    expect(mail?.data).toContain("Subject: Nightly report Monday");
    expect(mail?.data).toContain("All good.");
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    expect(view.steps[0]?.request).toMatchObject({
      smtp: { username: "{{secrets.smtp_user}}", password: "{{secrets.smtp_password}}" },
    });
  });

  it("fails with the SMTP error, masked", async () => {
    const user = await seedUser();
    const username = `user-${crypto.randomUUID()}`;
    await putSecret(user, "smtp_password", "wrong");
    await putSecret(user, "smtp_user", username);
    const wf = await seedWorkflow(user, { name: "mail", trigger: { type: "manual" }, steps: [emailStep()] });
    const runId = await queueRun(wf.id, user, { day: "Monday" });
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.steps[0]?.error).toMatch(
      /^SMTP 127\.0\.0\.1:\d+: .*535 authentication failed for \[masked:smtp_user\]/,
    );
    expect(JSON.stringify(view)).not.toContain(username);
  });

  it("with security starttls, refuses to send credentials to a server that does not offer STARTTLS", async () => {
    const user = await seedUser();
    const username = `user-${crypto.randomUUID()}`;
    await putSecret(user, "smtp_password", "secret-pw");
    await putSecret(user, "smtp_user", username);
    const step = emailStep();
    const wf = await seedWorkflow(user, {
      name: "mail",
      trigger: { type: "manual" },
      steps: [{ ...step, smtp: { ...step.smtp, security: "starttls" } }],
    });
    const runId = await queueRun(wf.id, user, { day: "Monday" });
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.steps[0]?.error).toContain("does not offer STARTTLS");
    expect((await records()).mails.some((m) => m.auth?.username === username)).toBe(false);
  });
});
