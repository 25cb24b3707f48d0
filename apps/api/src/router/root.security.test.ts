import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";
import { dumpStateForComparison, execute } from "../../test/db-dump";
import { ACCESS, classified, KEY_FIELD, PUBLIC, sampleInput, uniqueName } from "../../test/procedure-table";
import { callRaw, inputKeys, missingLike, routerProcedures, shapeOf } from "../../test/procedure-walk";

describe("every procedure of appRouter (security)", () => {
  it("is classified in the ACCESS table (test/procedure-table.ts)", () => {
    const paths = [...routerProcedures().keys()];
    expect(paths.length).toBeGreaterThan(15);
    const unclassified = paths.filter((path) => !(path in ACCESS));
    expect(
      unclassified,
      `classify ${unclassified.join(", ")} in ACCESS (apps/api/test/procedure-table.ts): own, byKey or claimsName with a fixture`,
    ).toEqual([]);
    const stale = Object.keys(ACCESS).filter((path) => !paths.includes(path));
    expect(stale, `ACCESS lists procedures appRouter no longer has: ${stale.join(", ")}`).toEqual([]);
  });

  it("has no public procedure but sign-up and sign-in", () => {
    expect(
      classified("public")
        .map((p) => p.path)
        .sort(),
      "a new public procedure needs a security review: it answers anyone without a token",
    ).toEqual(PUBLIC);
  });

  it("classifies every procedure whose input names an item by id or name as byKey or claimsName", () => {
    const misclassified = classified("own", "public")
      .filter(({ path }) => !PUBLIC.includes(path))
      .filter(({ path }) => inputKeys(routerProcedures().get(path) as never).some((k) => KEY_FIELD.test(k)))
      .map(({ path }) => path);
    expect(misclassified, "these take an id or a name: classify them byKey or claimsName").toEqual([]);
    // The detector itself sees keys through .default() and zod object extensions.
    expect(inputKeys(routerProcedures().get("runs.list") as never)).toContain("workflowId");
    expect(inputKeys(routerProcedures().get("workflows.update") as never)).toContain("id");
  });

  it("answers UNAUTHORIZED without a token, with a garbage, revoked or expired one, and changes nothing", async () => {
    const user = await signUpUser("revoked");
    const revoked = await user.api.tokens.create.mutate({ name: "to revoke", scopes: ["read"] });
    await user.api.tokens.revoke.mutate({ id: revoked.id });
    const expired = await user.api.tokens.create.mutate({
      name: "expired",
      scopes: ["read"],
      expiresInDays: 1,
    });
    const past = new Date(Date.now() - 1000).toISOString();
    await execute("UPDATE api_tokens SET expires_at = ? WHERE id = ?", past, expired.id);
    const signedOut = await signUpUser("signed-out");
    await signedOut.api.auth.signOut.mutate();
    const garbage = [`wfss_${"A".repeat(43)}`, "garbage", "x".repeat(600)];
    const tokens = [undefined, ...garbage, revoked.token, expired.token, signedOut.token];

    const before = await dumpStateForComparison();
    const shapes = new Set<string>();
    for (const { path, access } of classified("own", "byKey", "claimsName")) {
      const calls = tokens.map((token) => ({ token, input: sampleInput(access) }));
      calls.push({ token: undefined, input: undefined }); // auth comes before input validation
      for (const { token, input } of calls) {
        const answer = await callRaw(path, input, token);
        const label = `${path} (token: ${token ? `${token.slice(0, 8)}…` : "none"}, input: ${input ? "sample" : "none"})`;
        expect(answer.json.error?.data.code, label).toBe("UNAUTHORIZED");
        expect(answer.status, label).toBe(401);
        expect(answer.json.result, label).toBeUndefined();
        shapes.add(answer.body.replaceAll(`"path":"${path}"`, '"path":"<path>"'));
      }
    }
    // One answer for all of them: no procedure says more than another.
    expect([...shapes]).toHaveLength(1);
    expect(await dumpStateForComparison()).toEqual(before);
  });

  it("answers another user's id or name exactly as a missing one, and changes nothing", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const cases = [];
    for (const entry of classified("byKey")) cases.push({ ...entry, key: await entry.access.owned(alice) });
    expect(cases.length).toBeGreaterThan(5);

    const before = await dumpStateForComparison();
    for (const { path, access, key } of cases) {
      const missing = missingLike(key);
      const foreign = await callRaw(path, access.input(key), bob.token);
      const absent = await callRaw(path, access.input(missing), bob.token);
      expect(foreign.json.error?.data.code, `${path} with another user's key`).toBe("NOT_FOUND");
      expect(foreign.status, path).toBe(absent.status);
      expect(foreign.headerNames, path).toEqual(absent.headerNames);
      expect(foreign.body.replaceAll(key, "<key>"), path).toBe(absent.body.replaceAll(missing, "<key>"));
    }
    expect(await dumpStateForComparison()).toEqual(before);

    // The fixtures are real: the same calls by the owner succeed.
    for (const { path, access, key } of cases) {
      const own = await callRaw(path, access.input(key), alice.token);
      expect(own.status, `${path} by the owner: ${own.body}`).toBe(200);
    }
  });

  it("lets a user create under a name another user has, exactly as under a fresh name", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    for (const { path, access } of classified("claimsName")) {
      const taken = await callRaw(path, access.input(await access.owned(alice)), bob.token);
      const fresh = await callRaw(path, access.input(uniqueName("fresh")), bob.token);
      expect(taken.status, `${path} under another user's name: ${taken.body}`).toBe(200);
      expect(fresh.status, path).toBe(200);
      expect(shapeOf(taken.json), path).toEqual(shapeOf(fresh.json));
    }
  });
});
