import { describe, expect, it } from "vitest";
import { findHardCodedCredentials } from "./hard-coded";
import { PLANTED, PLANTED_DEFINITION, PLANTED_FINDINGS } from "./testing/planted-definition";

describe("findHardCodedCredentials", () => {
  it("finds every planted credential with its path, step and shape", () => {
    const found = findHardCodedCredentials(PLANTED_DEFINITION.steps);
    expect(found.map((f) => ({ path: f.path, stepId: f.stepId, kind: f.shape.kind }))).toEqual(
      PLANTED_FINDINGS,
    );
    expect(found[1]?.segments).toEqual(["steps", 0, "body", "value", "nested", 0, "key"]);
    expect(found.map((f) => f.stepType)).toEqual(["http", "http", "slack", "script", "http"]);
  });

  it("never carries the value itself", () => {
    const text = JSON.stringify(findHardCodedCredentials(PLANTED_DEFINITION.steps));
    for (const value of Object.values(PLANTED)) expect(text).not.toContain(value);
  });

  it("treats text inside {{ … }} as a reference, not a value", () => {
    const steps = [{ id: "a", type: "http", headers: { X: "{{secrets.sk_live_abcdefghijklmnopqrstuvwx}}" } }];
    expect(findHardCodedCredentials(steps)).toEqual([]);
  });

  it("reports one finding per field, for the first credential in it", () => {
    const steps = [
      { id: "a", type: "http", body: { type: "text", value: `${PLANTED.aws} ${PLANTED.stripe}` } },
    ];
    expect(findHardCodedCredentials(steps).map((f) => [f.path, f.shape.kind])).toEqual([
      ["steps[0].body.value", "aws-access-key-id"],
    ]);
  });

  it("ignores a step's id and type, and takes a half-typed definition as it is", () => {
    expect(findHardCodedCredentials([{ id: PLANTED.stripe, type: PLANTED.stripe }])).toEqual([]);
    expect(findHardCodedCredentials(undefined)).toEqual([]);
    expect(findHardCodedCredentials("steps")).toEqual([]);
    expect(findHardCodedCredentials([null, 3, [PLANTED.aws], { url: PLANTED.stripe }])).toEqual([
      expect.objectContaining({ path: "steps[3].url", stepId: "", stepType: "" }),
    ]);
  });
});
