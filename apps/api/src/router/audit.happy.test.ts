import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";
import { execute } from "../../test/db-dump";

describe("audit (happy paths)", () => {
  it("lists events newest first, paged, with actor, secret name and run id", async () => {
    const user = await signUpUser();
    for (const name of ["a", "b", "c"])
      await user.api.secrets.create.mutate({ name, value: `value-of-${name}-123` });
    await user.api.secrets.update.mutate({ name: "a", value: "rotated-value-123" });
    // The runner writes `secret.used` with its own actor when a run resolves a secret.
    await execute(
      "INSERT INTO audit_events (id, user_id, action, secret_name, actor, workflow_id, run_id, created_at) VALUES ('aud_used', ?, 'secret.used', 'a', 'runner', 'wf_1', 'run_1', '2999-01-01T00:00:00.000Z')",
      user.user.id,
    );
    const first = await user.api.audit.list.query({ limit: 3 });
    expect(first.items.map((e) => [e.action, e.secretName])).toEqual([
      ["secret.used", "a"],
      ["secret.rotated", "a"],
      ["secret.created", "c"],
    ]);
    expect(first.items[0]).toMatchObject({ actor: "runner", workflowId: "wf_1", runId: "run_1" });
    const second = await user.api.audit.list.query({ limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((e) => [e.action, e.secretName])).toEqual([
      ["secret.created", "b"],
      ["secret.created", "a"],
    ]);
    expect(second.nextCursor).toBeNull();
  });
});
