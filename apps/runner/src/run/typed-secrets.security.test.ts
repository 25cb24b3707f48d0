import { secrets } from "@workflow-secrets/db";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { basicAuthHeader } from "@workflow-secrets/secret-rules";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { db, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { putTypedSecret } from "../../test/worker/seed-typed";
import { echoUrl, records } from "../../test/worker/servers";

describe("typed secrets in a run", () => {
  it("sends basic's header and fields, and masks every secret field and the header as a whole and in parts", async () => {
    const user = await seedUser();
    const username = `ann_${crypto.randomUUID().slice(0, 8)}`;
    const password = makeCanary("basicpw", "ascii");
    await putTypedSecret(user, "login", "basic", { username, password });
    const header = basicAuthHeader(username, password);
    const marker = crypto.randomUUID();
    const { id } = await seedWorkflow(user, {
      name: "typed",
      trigger: { type: "manual" },
      steps: [
        {
          id: "whole",
          type: "http",
          url: `${echoUrl}/reflect?m=${marker}`,
          headers: { Authorization: "{{secrets.login.header}}", "x-reflect": "{{secrets.login.header}}" },
        },
        {
          id: "part",
          type: "http",
          url: `${echoUrl}/reflect?m=${marker}`,
          headers: { "x-user": "{{secrets.login.username}}", "x-reflect": "{{secrets.login.password}}" },
        },
      ],
    });
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("succeeded");
    const sent = (await records()).requests.filter((r) => r.path.includes(marker));
    expect(sent.map((r) => r.headers.authorization)).toEqual([header, undefined]);
    expect(sent[1]?.headers["x-user"]).toBe(username);

    // The response reflected the header and the password in every encoding: none may be stored.
    const stored = JSON.stringify(view);
    expect(stored).toContain("[masked:login.header]");
    expect(stored).toContain("[masked:login.password]");
    expect(findLeaks(stored, [password, header])).toEqual([]);
    expect(findLeaks(await dumpDatabase(), [password, header])).toEqual([]);
  });

  it("refuses a typed row whose aad is v1 (its type column was edited) as tampered", async () => {
    const user = await seedUser();
    const { id: secretId } = await putTypedSecret(user, "mail", "smtp", {
      username: "u",
      password: "p-123456",
    });
    await db.update(secrets).set({ policy: null }).where(eq(secrets.id, secretId));
    const { id } = await seedWorkflow(user, {
      name: "t",
      trigger: { type: "manual" },
      steps: [
        { id: "a", type: "http", url: `${echoUrl}/echo/x`, headers: { A: "{{secrets.mail.password}}" } },
      ],
    });
    const runId = await queueRun(id, user);
    await deliverRun(runId);
    const view = await runView(runId);
    expect(view.status).toBe("failed");
    expect(view.error).toContain("could not be opened (tampered)");
  });
});
