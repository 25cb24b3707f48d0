import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";

describe("audit (security)", () => {
  it("shows each user only their own events, and events never hold values", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const value = `audit-canary-${crypto.randomUUID()}`;
    await alice.api.secrets.create.mutate({ name: "shared_name", value });
    await bob.api.secrets.create.mutate({ name: "shared_name", value: "bob-value-12345" });
    const alices = await alice.api.audit.list.query({});
    const bobs = await bob.api.audit.list.query({});
    expect(alices.items).toHaveLength(1);
    expect(bobs.items).toHaveLength(1);
    expect(alices.items[0]?.id).not.toBe(bobs.items[0]?.id);
    expect(alices.items[0]?.actor).not.toBe(bobs.items[0]?.actor);
    expect(JSON.stringify(alices)).not.toContain(value);
  });
});
