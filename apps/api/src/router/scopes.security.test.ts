import { describe, expect, it } from "vitest";
import { signUpUser } from "../../test/api";
import { dumpStateForComparison } from "../../test/db-dump";
import { ACCESS, type Access, PUBLIC, SCOPES, type User, uniqueName } from "../../test/procedure-table";
import { callRaw, routerProcedures } from "../../test/procedure-walk";
import type { RequiredAccess, TokenScope } from "../auth/token-scopes";

const ALL_SCOPES: TokenScope[] = ["read", "runs:read", "secrets:write", "workflows:write"];
/** Every scope that does not grant `scope` (`read` includes `runs:read`). */
const lacking = (scope: TokenScope) =>
  ALL_SCOPES.filter((s) => s !== scope && !(scope === "runs:read" && s === "read"));
const isScope = (access: RequiredAccess): access is TokenScope => ALL_SCOPES.includes(access as TokenScope);

async function personalToken(owner: User, scopes: TokenScope[]) {
  return (await owner.api.tokens.create.mutate({ name: uniqueName("pat"), scopes })).token;
}

/** An input the owner's call succeeds with: fixtures made for `owner`. */
async function validInput(access: Access, owner: User): Promise<unknown> {
  if (access.kind === "own") return access.input;
  if (access.kind === "byKey") return access.input(await access.owned(owner));
  if (access.kind === "claimsName") return access.input(uniqueName("fresh"));
  return undefined;
}

function protectedPaths() {
  return [...routerProcedures().keys()].filter((path) => !PUBLIC.includes(path));
}

describe("token scopes on every procedure (security)", () => {
  it("every procedure but sign-up and sign-in declares its access, the one SCOPES lists", () => {
    const declared = (path: string) =>
      ((routerProcedures().get(path)?._def ?? {}) as { meta?: { access?: string } }).meta?.access;
    const unclassified = protectedPaths().filter((path) => !(path in SCOPES));
    expect(
      unclassified,
      `give ${unclassified.join(", ")} a scope in SCOPES (apps/api/test/procedure-table.ts) and in protectedProcedure(…)`,
    ).toEqual([]);
    for (const path of protectedPaths()) expect(declared(path), path).toBe(SCOPES[path]);
    for (const path of PUBLIC) expect(declared(path), path).toBeUndefined();
    expect(Object.keys(SCOPES).sort()).toEqual(protectedPaths().sort());
  });

  it("refuses a personal token without the scope a procedure needs: FORBIDDEN naming it, nothing changed", async () => {
    const alice = await signUpUser("scoped");
    const calls = [];
    for (const path of protectedPaths()) {
      const needed = SCOPES[path] as RequiredAccess;
      if (needed === "anyToken") continue;
      const scopes = needed === "session" ? ALL_SCOPES : lacking(needed);
      const access = ACCESS[path] as Access;
      calls.push({
        path,
        needed,
        token: await personalToken(alice, scopes),
        input: await validInput(access, alice),
      });
    }
    expect(calls.length).toBeGreaterThan(15);

    const before = await dumpStateForComparison();
    for (const { path, needed, token, input } of calls) {
      const answer = await callRaw(path, input, token);
      expect(answer.status, `${path}: ${answer.body}`).toBe(403);
      expect(answer.json.error?.data.code, path).toBe("FORBIDDEN");
      expect(answer.json.result, path).toBeUndefined();
      const message = answer.json.error?.message ?? "";
      expect(message, path).toContain(path);
      if (needed === "session") expect(message, path).toMatch(/^only a signed-in session can call /);
      else expect(message, path).toContain(`lacks the scope "${needed}"`);
    }
    expect(await dumpStateForComparison()).toEqual(before);
  });

  it("allows a personal token with only that scope (runs:read also through read); a session may do all", async () => {
    const alice = await signUpUser("scoped");
    for (const path of protectedPaths()) {
      const needed = SCOPES[path] as RequiredAccess;
      const access = ACCESS[path] as Access;
      const grants: TokenScope[][] = isScope(needed)
        ? [[needed], ...(needed === "runs:read" ? [["read"] as TokenScope[]] : [])]
        : needed === "anyToken"
          ? [["runs:read"]]
          : [];
      for (const scopes of grants) {
        const answer = await callRaw(
          path,
          await validInput(access, alice),
          await personalToken(alice, scopes),
        );
        expect(answer.status, `${path} with [${scopes}]: ${answer.body}`).toBe(200);
      }
      if (path === "auth.signOut") continue; // it would end alice's session for the calls after it
      const bySession = await callRaw(path, await validInput(access, alice), alice.token);
      expect(bySession.status, `${path} by a session: ${bySession.body}`).toBe(200);
    }
  });
});
