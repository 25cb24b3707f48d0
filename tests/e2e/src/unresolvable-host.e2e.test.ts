import { readFileSync } from "node:fs";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { describe, expect, inject, it } from "vitest";
import { signUpUser } from "./support/api";
import { plantCanary } from "./support/canaries";
import { waitForRun } from "./support/runs";

// workerd prints a failed DNS lookup with the name it looked up, on the output wrangler passes on,
// where no masker runs. A host kept as a secret must not end up there (the leak sweep searches the
// same output again at the end, with every canary of the suite).
describe("a secret host that cannot resolve, through the real stack", () => {
  it("a well-formed name that does not exist: the run fails masked, wrangler's output holds no form of it", async () => {
    const user = await signUpUser("hosts");
    const host = plantCanary("api_host", (r) => `${r}.example`);
    await user.client.secrets.create.mutate({ name: host.name, value: host.value });
    const workflow = await user.client.workflows.create.mutate({
      name: "Unresolvable API",
      trigger: { type: "manual" },
      steps: [{ id: "call", type: "http", method: "GET", url: "http://{{secrets.api_host}}/v1", retries: 0 }],
    });
    const { runId } = await user.client.workflows.run.mutate({ id: workflow.id });
    const run = await waitForRun(user.client, runId);
    expect(run.status).toBe("failed");
    expect(findLeaks(JSON.stringify(run), [host])).toEqual([]);
    // The runtime did look it up (and said so): the line is there, without the name.
    const printed = () => readFileSync(inject("wranglerOutputFile"), "utf8");
    await expect.poll(printed, { timeout: 20_000 }).toContain("params.host = [redacted]");
    expect(findLeaks(printed(), [host])).toEqual([]);
  });

  it("a name that can never resolve (.invalid) in smtp.host is refused before any lookup", async () => {
    const user = await signUpUser("relay");
    const relay = plantCanary("relay_host", (r) => `${r}.invalid`);
    await user.client.secrets.create.mutate({ name: relay.name, value: relay.value });
    const workflow = await user.client.workflows.create.mutate({
      name: "Unresolvable relay",
      trigger: { type: "manual" },
      steps: [
        {
          id: "mail",
          type: "email",
          smtp: { host: "{{secrets.relay_host}}", port: 2525, security: "none" },
          from: "a@example.com",
          to: ["b@example.com"],
          subject: "s",
          text: "t",
        },
      ],
    });
    const { runId } = await user.client.workflows.run.mutate({ id: workflow.id });
    const run = await waitForRun(user.client, runId);
    expect(run.error).toBe(
      'step "mail": smtp.host is under .invalid, which never resolves; check the secret or text that forms it',
    );
    expect(findLeaks(readFileSync(inject("wranglerOutputFile"), "utf8"), [relay])).toEqual([]);
  });
});
