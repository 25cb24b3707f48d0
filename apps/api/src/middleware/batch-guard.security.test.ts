import { describe, expect, it } from "vitest";
import { API_URL, apiClient, freshClientAddress, recordingFetch, signUpUser } from "../../test/api";
import { queryRows } from "../../test/db-dump";
import { MAX_BATCH_CALLS } from "./batch-guard";

/** A raw tRPC batch POST: `/trpc/<p>,<p>,…?batch=1` with `{ "0": input0, "1": input1, … }`. */
async function postBatch(paths: string[], inputs: unknown[], headers: Record<string, string> = {}) {
  const body = Object.fromEntries(inputs.map((input, i) => [String(i), input]));
  const response = await recordingFetch(`${API_URL}/trpc/${paths.join(",")}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "CF-Connecting-IP": freshClientAddress(), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const sessionsOf = (userId: string) =>
  queryRows("SELECT id FROM api_tokens WHERE user_id = ? AND kind = 'session'", userId);

describe("tRPC batches (security)", () => {
  it("refuses a 500-call sign-in batch whole: the right password in it yields no session", async () => {
    const victim = await signUpUser("victim");
    const before = await sessionsOf(victim.user.id);
    const guesses = Array.from({ length: 500 }, (_, i) => ({
      email: victim.email,
      password: `guess-${i}-pw`,
    }));
    guesses[321] = { email: victim.email, password: victim.password };

    const answer = await postBatch(Array(500).fill("auth.signIn"), guesses);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: {
        message: expect.stringMatching(/at most 10 calls, this one has 500/),
        data: { code: "BAD_REQUEST" },
      },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/wfss_/);
    expect(await sessionsOf(victim.user.id)).toEqual(before);
    // Nothing ran: not one attempt was even counted.
    expect(await queryRows("SELECT key FROM auth_throttle WHERE key LIKE ?", `%${victim.email}%`)).toEqual(
      [],
    );
  });

  it("refuses any batch holding an auth.* call, even a small one, and even percent-encoded", async () => {
    const victim = await signUpUser("victim");
    const before = await sessionsOf(victim.user.id);
    const right = { email: victim.email, password: victim.password };
    for (const paths of [["auth.signIn"], ["auth.signIn", "auth.signIn"], ["secrets.list", "auth.signIn"]]) {
      const answer = await postBatch(paths, [right, right].slice(0, paths.length));
      expect(answer.status, paths.join(",")).toBe(400);
      expect(answer.body).toMatchObject({
        error: { message: "auth.* calls cannot be batched: send each one as its own request" },
      });
    }
    const encoded = await recordingFetch(`${API_URL}/trpc/auth.signIn%2Cauth.signIn?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ 0: right, 1: right }),
    });
    expect(encoded.status).toBe(400);
    const me = await recordingFetch(`${API_URL}/trpc/auth.me,secrets.list?batch=1`, {
      headers: { authorization: `Bearer ${victim.token}` },
    });
    expect(me.status).toBe(400);
    expect(await sessionsOf(victim.user.id)).toEqual(before);
  });

  it(`refuses a batch of ${MAX_BATCH_CALLS + 1} creates whole; the client's own batches still pass`, async () => {
    const user = await signUpUser();
    const paths = Array(MAX_BATCH_CALLS + 1).fill("secrets.create");
    const inputs = paths.map((_, i) => ({ name: `batched_${i}`, value: `value-${i}-0123456789` }));
    const answer = await postBatch(paths, inputs, { authorization: `Bearer ${user.token}` });
    expect(answer.status).toBe(400);
    expect(await queryRows("SELECT id FROM secrets WHERE user_id = ?", user.user.id)).toEqual([]);

    // The typed client splits 25 calls made together into batches of at most 10, and sends auth.* alone.
    const api = apiClient(user.token);
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api.secrets.create.mutate({ name: `client_${i}`, value: `value-${i}-0123456789` }),
      ),
    );
    expect(created).toHaveLength(25);
    const [me, list] = await Promise.all([api.auth.me.query(), api.secrets.list.query()]);
    expect(me.email).toBe(user.email);
    expect(list).toHaveLength(25);
  });
});
