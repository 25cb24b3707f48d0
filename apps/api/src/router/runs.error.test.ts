import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";

describe("runs (errors)", () => {
  it("rejects a forged cursor and an out-of-range limit, NOT_FOUND for unknown runs", async () => {
    const user = await signUpUser();
    const forged = await expectApiError(user.api.runs.list.query({ cursor: "not-a-cursor" }), "BAD_REQUEST");
    expect(forged.message).toBe("cursor: not a cursor from a previous page: start again without it");
    await expectApiError(user.api.runs.list.query({ limit: 101 }), "BAD_REQUEST");
    await expectApiError(user.api.runs.list.query({ limit: 0 }), "BAD_REQUEST");
    const missing = await expectApiError(user.api.runs.get.query({ id: "run_nope" }), "NOT_FOUND");
    expect(missing.message).toBe('no run "run_nope"');
    await expectApiError(user.api.runs.list.query({ workflowId: "wf_nope" }), "NOT_FOUND");
  });
});
