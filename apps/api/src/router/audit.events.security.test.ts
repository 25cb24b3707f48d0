import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";

describe("audit of sign-ins (security)", () => {
  it("logs a failed sign-in to the account it aimed at, never the password tried", async () => {
    const victim = await signUpUser("victim");
    const tried = `guess-${crypto.randomUUID()}`;
    await expectApiError(
      apiClient().auth.signIn.mutate({ email: victim.email, password: tried }),
      "UNAUTHORIZED",
    );
    const events = (await victim.api.audit.list.query({})).items;
    expect(events.map((e) => e.action)).toEqual(["sign_in.failed"]);
    expect(JSON.stringify(await queryRows("SELECT * FROM audit_events"))).not.toContain(tried);
  });

  it("writes nothing for an unknown email: there is no account to log it to", async () => {
    const [before] = await queryRows<{ n: number }>("SELECT count(*) AS n FROM audit_events");
    const email = `nobody-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await expectApiError(
      apiClient().auth.signIn.mutate({ email, password: "whatever-password" }),
      "UNAUTHORIZED",
    );
    const [after] = await queryRows<{ n: number }>("SELECT count(*) AS n FROM audit_events");
    expect(after?.n).toBe(before?.n);
  });

  it("shows another user's sign-ins and token changes to nobody else", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    await apiClient().auth.signIn.mutate({ email: alice.email, password: alice.password });
    await alice.api.tokens.create.mutate({ name: "alice token", scopes: ["read"] });
    expect((await bob.api.audit.list.query({})).items).toEqual([]);
    expect((await alice.api.audit.list.query({})).items.map((e) => e.action).sort()).toEqual([
      "sign_in.succeeded",
      "token.created",
    ]);
  });
});
