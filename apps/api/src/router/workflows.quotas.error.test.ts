import { describe, expect, it } from "vitest";
import { createClient } from "../../../../packages/client/src/index";
import { API_URL, expectApiError, signUpUser } from "../../test/api";
import { fetchWorker } from "../../test/webhooks";

/** A client of the API Worker running with these vars (the deployment's configuration). */
function clientWith(token: string, vars: Record<string, string>) {
  return createClient({
    url: API_URL,
    token,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      fetchWorker(new Request(input, init), vars)) as typeof fetch,
  });
}

const steps = [{ id: "a", type: "http" as const, method: "GET" as const, url: "https://example.test/" }];
const schedule = { type: "schedule" as const, cron: "0 * * * *" };

describe("per-user quotas on workflows and schedules", () => {
  it("a workflow beyond MAX_WORKFLOWS_PER_USER is refused at save, saying what to do", async () => {
    const user = await signUpUser("quota");
    const api = clientWith(user.token, { MAX_WORKFLOWS_PER_USER: "2" });
    await api.workflows.create.mutate({ name: "one", trigger: { type: "manual" }, steps });
    const second = await api.workflows.create.mutate({ name: "two", trigger: { type: "manual" }, steps });
    const error = await expectApiError(
      api.workflows.create.mutate({ name: "three", trigger: { type: "manual" }, steps }),
      "PRECONDITION_FAILED",
    );
    expect(error.message).toBe(
      "you have 2 workflows, the most an account may have; delete one you no longer need, then save again",
    );
    await api.workflows.delete.mutate({ id: second.id });
    await api.workflows.create.mutate({ name: "three", trigger: { type: "manual" }, steps });
    expect((await api.workflows.list.query()).map((w) => w.name)).toEqual(["one", "three"]);
  });

  it("an enabled schedule beyond MAX_SCHEDULES_PER_USER is refused on create, update and enable; disabled ones are fine", async () => {
    const user = await signUpUser("schedules");
    const api = clientWith(user.token, { MAX_SCHEDULES_PER_USER: "1" });
    const first = await api.workflows.create.mutate({ name: "hourly", trigger: schedule, steps });
    // Saving the one schedule again is not a second one.
    await api.workflows.update.mutate({ id: first.id, name: "hourly", trigger: schedule, steps });
    const message =
      "you have 1 enabled scheduled workflows, the most an account may have; disable or delete one, or save this one disabled";
    expect(
      (
        await expectApiError(
          api.workflows.create.mutate({ name: "second", trigger: schedule, steps }),
          "PRECONDITION_FAILED",
        )
      ).message,
    ).toBe(message);
    const paused = await api.workflows.create.mutate({
      name: "paused",
      trigger: schedule,
      steps,
      enabled: false,
    });
    await expectApiError(
      api.workflows.setEnabled.mutate({ id: paused.id, enabled: true }),
      "PRECONDITION_FAILED",
    );
    const manual = await api.workflows.create.mutate({ name: "manual", trigger: { type: "manual" }, steps });
    await expectApiError(
      api.workflows.update.mutate({ id: manual.id, name: "manual", trigger: schedule, steps }),
      "PRECONDITION_FAILED",
    );
    await api.workflows.setEnabled.mutate({ id: first.id, enabled: false });
    await api.workflows.setEnabled.mutate({ id: paused.id, enabled: true });
  });

  it("a limit that is not a positive integer is a clear configuration error", async () => {
    const user = await signUpUser("config");
    const api = clientWith(user.token, { MAX_WORKFLOWS_PER_USER: "lots" });
    const error = await expectApiError(api.workflows.list.query(), "INTERNAL_SERVER_ERROR");
    expect(error.message).toBe("MAX_WORKFLOWS_PER_USER must be a positive integer (the default is 500)");
  });
});
