import { findLeaks } from "@workflow-secrets/leak-oracle";
import { describe, expect, it } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";

// The runtime prints a failed DNS lookup with the name it looked up (`params.host = <name>`) on its own
// output, where no masker runs. A host that cannot resolve must be refused before the request.
const hostCanary = (suffix: string) => `cnry-host-${crypto.randomUUID().slice(0, 8)}${suffix}`;

async function runWith(step: object, name: string, value: string) {
  const user = await seedUser();
  await putSecret(user, name, value);
  const wf = await seedWorkflow(user, { name: "host", trigger: { type: "manual" }, steps: [step] as never });
  const runId = await queueRun(wf.id, user);
  await deliverRun(runId);
  return runView(runId);
}

describe("a secret host that cannot resolve", () => {
  it("in an HTTP URL: refused before any lookup, with an error that does not carry the value", async () => {
    for (const value of [hostCanary(".invalid"), hostCanary("!x.example")]) {
      const view = await runWith(
        { id: "call", type: "http", method: "GET", url: "https://{{secrets.api_host}}/v1", retries: 0 },
        "api_host",
        value,
      );
      expect(view.status).toBe("failed");
      expect(view.steps[0]?.attempts).toBe(0);
      expect(view.error).toMatch(/^step "call": the URL's host is (not a valid host name|under \.invalid)/);
      expect(findLeaks(await dumpDatabase(), [value])).toEqual([]);
    }
  });

  it("in smtp.host: refused the same way", async () => {
    const value = hostCanary(".invalid");
    const view = await runWith(
      {
        id: "mail",
        type: "email",
        smtp: { host: "{{secrets.smtp_host}}", port: 2525, security: "none" },
        from: "runner@example.test",
        to: ["ops@example.test"],
        subject: "s",
        text: "t",
      },
      "smtp_host",
      value,
    );
    expect(view.status).toBe("failed");
    expect(view.error).toBe(
      'step "mail": smtp.host is under .invalid, which never resolves; check the secret or text that forms it',
    );
    expect(findLeaks(await dumpDatabase(), [value])).toEqual([]);
  });
});
