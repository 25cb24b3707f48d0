import { findLeaks, leakForms } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  API_URL,
  expectApiError,
  httpWorkflow,
  recordingFetch,
  responseBodies,
  signUpUser,
} from "../test/api";
import { dumpAllTables } from "../test/db-dump";

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

// Shapes a real credential takes: a bare key, a URL, a multi-line PEM-like blob, non-ASCII, JSON-ish.
const canaries = [
  `sk_live_canary${randomHex(16)}`,
  `https://example.test/hook/${randomHex(20)}`,
  `-----BEGIN CANARY-----\n${randomHex(24)}\n${randomHex(24)}\n-----END CANARY-----`,
  `ключ-canary-${randomHex(12)}-пароль`,
  `{"user":"bot","pass":"${randomHex(12)} with spaces & symbols /+="}`,
];
const rotated = canaries.map(() => `rotated-canary-${randomHex(18)}`);

const logged: string[] = [];

beforeAll(() => {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterAll(() => vi.restoreAllMocks());

describe("canary sweep", () => {
  it("leak search finds planted encodings (the detector itself works)", () => {
    const value = canaries[3] as string;
    const planted = `prefix ${btoa(`xx${String.fromCharCode(...new TextEncoder().encode(value))}`)} suffix`;
    expect(findLeaks({ planted }, [value])).not.toEqual([]);
    expect(findLeaks({ planted: encodeURIComponent(value) }, [value])).not.toEqual([]);
    expect(leakForms(value).length).toBeGreaterThan(8);
  });

  it("no secret value appears in any table, response or log, in any encoding", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const names = canaries.map((_, i) => `canary_${i}`);
    for (const [i, value] of canaries.entries()) {
      // Bound to the host the workflows below call (a URL-valued canary would default to its own path).
      await alice.api.secrets.create.mutate({
        name: names[i] as string,
        value,
        destinations: ["https://example.test"],
      });
    }
    // Every way a value could bounce back: duplicate, over-limit, rotation, other tenant, warnings.
    await expectApiError(
      alice.api.secrets.create.mutate({ name: "canary_0", value: canaries[0] as string }),
      "CONFLICT",
    );
    await expectApiError(
      alice.api.secrets.create.mutate({ name: "too_big", value: `${canaries[1]}${"x".repeat(70_000)}` }),
      "BAD_REQUEST",
    );
    await expectApiError(
      alice.api.secrets.create.mutate({ name: "bad name!", value: canaries[2] as string }),
      "BAD_REQUEST",
    );
    await expectApiError(
      bob.api.secrets.update.mutate({ name: "canary_0", value: canaries[0] as string }),
      "NOT_FOUND",
    );
    await alice.api.secrets.create.mutate({ name: "spaced", value: ` ${canaries[4]}\n` });
    // A malformed body must not be quoted back (JSON.parse errors quote the text around the fault).
    const malformed = await recordingFetch(`${API_URL}/trpc/secrets.create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${alice.token}` },
      // Unquoted: V8 then quotes the text around the bad token in its message.
      body: `{"name":"broken","value":${canaries[0]}}`,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: { message: "the request body is not valid JSON" },
    });
    for (const [i, value] of rotated.entries())
      await alice.api.secrets.update.mutate({ name: names[i] as string, value });

    const wf = await alice.api.workflows.create.mutate(
      httpWorkflow("Uses canaries", names, { type: "webhook" }),
    );
    await alice.api.workflows.get.query({ id: wf.id });
    await alice.api.workflows.list.query();
    const { runId } = await alice.api.workflows.run.mutate({ id: wf.id, input: { hello: "world" } });
    await alice.api.runs.get.query({ id: runId });
    await alice.api.runs.list.query({});
    await alice.api.secrets.list.query();
    await alice.api.audit.list.query({});
    await alice.api.tokens.list.query();
    await expectApiError(alice.api.secrets.delete.mutate({ name: "canary_1" }), "PRECONDITION_FAILED");
    await alice.api.secrets.delete.mutate({ name: "canary_1", force: true });

    const tables = await dumpAllTables();
    const haystacks: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(tables).map(([name, rows]) => [`table ${name}`, JSON.stringify(rows)]),
      ),
      responses: responseBodies.join("\n"),
      logs: logged.join("\n"),
    };
    expect(Object.keys(tables)).toEqual(
      expect.arrayContaining([
        "users",
        "api_tokens",
        "secrets",
        "workflows",
        "runs",
        "audit_events",
        "auth_throttle",
      ]),
    );
    expect(responseBodies.length).toBeGreaterThan(20);
    expect(findLeaks(haystacks, [...canaries, ...rotated])).toEqual([]);
  });
});
