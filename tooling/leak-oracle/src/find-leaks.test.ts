import { describe, expect, it } from "vitest";
import { makeCanary } from "./canary";
import { findLeaks } from "./find-leaks";
import { leakForms } from "./leak-forms";

describe("findLeaks", () => {
  it("finds every form of a canary, says where and how, and never prints the value", () => {
    const value = makeCanary("found");
    for (const { encoding, needle } of leakForms(value)) {
      const hits = findLeaks({ "table runs": `{"out":"before ${needle} after"}` }, [
        { name: "api_key", value },
      ]);
      expect(hits, encoding).toContain(`api_key (${encoding}) in table runs after "{\\"out\\":\\"before "`);
      for (const hit of hits) expect(hit).not.toContain(needle);
    }
  });

  it("names bare canaries by position and searches every labelled text", () => {
    const [first, second] = [makeCanary("a"), makeCanary("b")];
    const hits = findLeaks({ logs: "clean", responses: `x${second}` }, [first, second]);
    expect(hits).toEqual(['canary #2 (raw) in responses after "x"']);
  });

  it("finds nothing in unrelated text, masked output or the forms of another canary", () => {
    const value = makeCanary("quiet");
    const other = makeCanary("quiet");
    const unrelated = [
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit. 0123456789abcdef",
      '[masked:api_key] [masked:api_key] cnry_quiet_ +/"<&é>',
      ...leakForms(other).map((f) => f.needle),
      // The random part alone is not the value: a leak of half a value is the masker's window
      // rule to catch, not something this oracle claims to find.
      value.slice(0, 15),
    ].join("\n");
    expect(findLeaks(unrelated, [value])).toEqual([]);
  });
});
