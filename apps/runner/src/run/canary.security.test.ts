import { findLeaks, leakForms, makeCanary } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverRun } from "../../test/worker/deliver";
import { dumpDatabase } from "../../test/worker/dump-database";
import { runView } from "../../test/worker/run-view";
import { putSecret, queueRun, seedUser, seedWorkflow } from "../../test/worker/seed";
import { echoUrl, slackUrl } from "../../test/worker/servers";
import { MAX_READ_BYTES } from "../steps/read-response";

// Encodes by hand inside the sandbox (scripts also have btoa and TextEncoder now), as a script might.
const LEAKY_SCRIPT = `
const s = secrets.canary_script;
const bin = unescape(encodeURIComponent(s));
const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const b64 = (t) => { let o = ""; for (let i = 0; i < t.length; i += 3) {
  const n = (t.charCodeAt(i) << 16) | ((t.charCodeAt(i + 1) || 0) << 8) | (t.charCodeAt(i + 2) || 0);
  o += A[(n >> 18) & 63] + A[(n >> 12) & 63] + (i + 1 < t.length ? A[(n >> 6) & 63] : "=") + (i + 2 < t.length ? A[n & 63] : "=");
} return o; };
const hex = (t) => [...t].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
console.log(s);
console.log("base64", b64(bin), "basic", b64("user:" + bin), "b64url", b64(bin).replace(/\\+/g, "-").replace(/\\//g, "_"));
console.log("hex", hex(bin), hex(bin).toUpperCase());
console.log(JSON.stringify({ s }), encodeURIComponent(s));
console.log(s.slice(0, 12));
console.log(s.slice(12));
console.error({ nested: [s] });
return { raw: s, b64: b64(bin), hex: hex(bin), fromHttp: steps.reflect.body, headers: steps.reflect.headers };
`;

describe("canary sweep: no secret in any encoding reaches D1, run data or logs", () => {
  const logged: string[] = [];
  beforeAll(() => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterAll(() => vi.restoreAllMocks());

  it("holds for reflected responses, error pages, script logs, outputs, thrown errors and cut bodies", async () => {
    const user = await seedUser();
    const canaries = {
      canary_http: makeCanary("http", "ascii"),
      canary_script: makeCanary("script"),
      canary_slack: `${slackUrl}/services/T1/B${crypto.randomUUID().replaceAll("-", "")}/revoked`,
    };
    for (const [name, value] of Object.entries(canaries)) await putSecret(user, name, value);
    const values = Object.values(canaries);

    const reflecting = await seedWorkflow(user, {
      name: "reflect",
      trigger: { type: "manual" },
      steps: [
        {
          id: "reflect",
          type: "http",
          url: `${echoUrl}/reflect`,
          headers: {
            "x-reflect": "{{secrets.canary_http}}",
            Authorization: "Bearer {{secrets.canary_http}}",
          },
        },
        { id: "script", type: "script", code: LEAKY_SCRIPT },
        {
          id: "cut",
          type: "http",
          url: `${echoUrl}/big?at=${MAX_READ_BYTES - 20}`,
          headers: { "x-reflect": "{{secrets.canary_http}}" },
        },
        {
          id: "errorpage",
          type: "http",
          url: `${echoUrl}/reflect?status=500`,
          retries: 0,
          headers: { "x-reflect": "{{secrets.canary_http}}" },
        },
      ],
    });
    const throwing = await seedWorkflow(user, {
      name: "throws",
      trigger: { type: "manual" },
      steps: [
        {
          id: "boom",
          type: "script",
          code: "console.log(secrets.canary_script); throw new Error('leak ' + secrets.canary_script);",
        },
      ],
    });
    const slack = await seedWorkflow(user, {
      name: "slack",
      trigger: { type: "manual" },
      steps: [
        {
          id: "notify",
          type: "slack",
          webhookUrl: "{{secrets.canary_slack}}",
          text: "{{secrets.canary_http}}",
        },
      ],
    });

    const runIds = [];
    for (const wf of [reflecting, throwing, slack]) {
      const runId = await queueRun(wf.id, user);
      await deliverRun(runId);
      runIds.push(runId);
    }
    const views = await Promise.all(runIds.map(runView));

    // The runs did what they were meant to, so the sweep looks at real data.
    expect(views[0]?.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded", "failed"]);
    expect(views[0]?.steps[1]?.console).toContain("[masked:canary_script]");
    expect(JSON.stringify(views[0]?.steps[0]?.response)).toContain("[masked:canary_http]");
    expect(views[0]?.error).toMatch(/^step "errorpage": the server answered 500/);
    expect(views[1]?.error).toBe('step "boom": the script threw Error: leak [masked:canary_script]');
    expect(views[2]?.error).toContain("invalid_token for [masked:canary_slack]");

    const everything = [await dumpDatabase(), JSON.stringify(views), logged.join("\n")].join("\n");
    expect(findLeaks(everything, values)).toEqual([]);
    // The body cut at the read limit must not leave the canary's first characters behind.
    expect(everything).not.toContain(canaries.canary_http.slice(0, 20));
    // Sanity: the sweep does find a planted variant.
    expect(findLeaks(`x${leakForms(values[0] as string)[3]?.needle}x`, values)).not.toEqual([]);
  });
});
