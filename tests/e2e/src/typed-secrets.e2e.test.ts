import { findLeaks } from "@workflow-secrets/leak-oracle";
import { basicAuthHeader } from "@workflow-secrets/secret-rules";
import { describe, expect, inject, it } from "vitest";
import { failure, signUpUser } from "./support/api";
import { plantCanary } from "./support/canaries";
import { readInbox, waitForRun } from "./support/runs";

describe("typed secrets through the real stack", () => {
  it("a basic secret's header and an smtp secret's login reach the services, and nothing stored holds them", async () => {
    const tina = await signUpUser("tina");
    const basicPassword = plantCanary("partner_login", (r) => `pw_${r}`);
    const smtpPassword = plantCanary("mailer", (r) => `p@ss/${r}+"=&%`);
    await tina.client.secrets.create.mutate({
      name: "partner_login",
      type: "basic",
      fields: { username: "partner", password: basicPassword.value },
    });
    await tina.client.secrets.create.mutate({
      name: "mailer",
      type: "smtp",
      fields: { username: "alerts@example.com", password: smtpPassword.value },
    });
    const listed = await tina.client.secrets.list.query();
    expect(listed.map((s) => [s.name, s.type, s.fields])).toEqual([
      ["mailer", "smtp", { username: "alerts@example.com" }],
      ["partner_login", "basic", { username: "partner" }],
    ]);

    const marker = crypto.randomUUID();
    const call = (authorization: string) => ({
      id: "call",
      type: "http" as const,
      method: "POST" as const,
      url: `${inject("echoUrl")}/partner/${marker}`,
      headers: { Authorization: authorization },
      body: { type: "json" as const, value: { user: "{{secrets.partner_login.username}}" } },
    });
    const definition = {
      name: "Typed",
      trigger: { type: "manual" as const },
      steps: [
        call("{{secrets.partner_login.header}}"),
        {
          id: "mail",
          type: "email" as const,
          smtp: {
            host: "127.0.0.1",
            port: inject("smtpPort"),
            security: "none" as const,
            username: "{{secrets.mailer.username}}",
            password: "{{secrets.mailer.password}}",
          },
          from: "billing@example.com",
          to: [`${marker}@example.com`],
          subject: "typed",
          text: "typed secrets",
        },
      ],
    };
    // A field the type lacks is refused when saved, naming the type's fields.
    const refused = await failure(
      tina.client.workflows.create.mutate({
        ...definition,
        steps: [call("{{secrets.mailer.header}}")],
      }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("its fields are username, password");

    const { id } = await tina.client.workflows.create.mutate(definition);
    const { runId } = await tina.client.workflows.run.mutate({ id });
    const run = await waitForRun(tina.client, runId);
    expect(run.status).toBe("succeeded");
    const inbox = await readInbox();
    const sent = inbox.echo.find((r) => r.url.includes(marker));
    expect(sent?.headers.authorization).toBe(basicAuthHeader("partner", basicPassword.value));
    const mail = inbox.mail.find((m) => m.to.includes(`${marker}@example.com`));
    expect(mail).toMatchObject({ username: "alerts@example.com", password: smtpPassword.value });

    const header = { name: "partner_login.header", value: basicAuthHeader("partner", basicPassword.value) };
    expect(findLeaks(JSON.stringify(run), [basicPassword, smtpPassword, header])).toEqual([]);
    expect(findLeaks(JSON.stringify(listed), [basicPassword, smtpPassword])).toEqual([]);
  });
});
