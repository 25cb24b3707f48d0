import { describe, expect, it } from "vitest";
import { expectApiError, httpWorkflow, signUpUser } from "../../test/api";
import { encodeCursor } from "../d1/cursor";

describe("runs (security)", () => {
  it("never shows another user's runs, whatever the cursor says", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const wf = await alice.api.workflows.create.mutate(httpWorkflow("Alice"));
    const { runId } = await alice.api.workflows.run.mutate({ id: wf.id });
    const [aliceRun] = (await alice.api.runs.list.query({})).items;

    await expectApiError(bob.api.runs.get.query({ id: runId }), "NOT_FOUND");
    // A cursor pointing just past alice's run still pages only over bob's rows.
    const cursor = encodeCursor({ createdAt: "9999-01-01T00:00:00.000Z", id: "run_zzzz" });
    expect((await bob.api.runs.list.query({ cursor })).items).toEqual([]);
    expect(aliceRun?.id).toBe(runId);
  });
});
