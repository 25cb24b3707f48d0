import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("audit (errors)", () => {
  it("rejects bad paging input and anonymous calls", async () => {
    const user = await signUpUser();
    await expectApiError(user.api.audit.list.query({ cursor: "@@@" }), "BAD_REQUEST");
    const limit = await expectApiError(user.api.audit.list.query({ limit: 1000 }), "BAD_REQUEST");
    expect(limit.message).toMatch(/^limit: /);
    await expectApiError(apiClient().audit.list.query({}), "UNAUTHORIZED");
  });
});
