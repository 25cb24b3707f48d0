import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateKeyConfig } from "@workflow-secrets/crypto";
import { makeCanary } from "@workflow-secrets/leak-oracle";
import {
  closeServer,
  type HttpRecord,
  serverUrl,
  startEchoServer,
  startTestStack,
  type TestStack,
} from "@workflow-secrets/stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsumerProject, createConsumerProject } from "./support/consumer-project";
import { startFlakyProxy } from "./support/flaky-proxy";

const run = promisify(execFile);

// One real stack for the file; the client is used exactly as an outside app installs it.
let stack: TestStack;
let echo: Server;
const received: HttpRecord[] = [];
let project: ConsumerProject;

beforeAll(async () => {
  echo = await startEchoServer(received);
  [stack, project] = await Promise.all([
    startTestStack("wfs-client-", await generateKeyConfig()),
    createConsumerProject(),
  ]);
});

afterAll(async () => {
  await stack?.stop();
  if (echo) await closeServer(echo);
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

/** The packed build, loaded from the outside project's node_modules. */
async function packedClient(): Promise<typeof import("../src/index")> {
  return import(join(project.dir, "node_modules", "@workflow-secrets", "client", "dist", "index.js"));
}

describe("the packed client in a project outside the workspace", () => {
  it("ships only dist, README and LICENSE, and types that need nothing from this repository", async () => {
    const { stdout } = await run("tar", ["tzf", project.tarball]);
    expect(stdout.trim().split("\n").sort()).toEqual([
      "package/LICENSE",
      "package/README.md",
      "package/dist/index.d.ts",
      "package/dist/index.js",
      "package/package.json",
    ]);
    const installed = join(project.dir, "node_modules", "@workflow-secrets", "client");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
    const types = readFileSync(join(installed, "dist", "index.d.ts"), "utf8");
    const imported = [...types.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(imported)).toEqual(new Set(["@trpc/client", "@trpc/server"]));
  });

  it("typechecks a program that calls every router (skipLibCheck off)", async () => {
    const result = await project.typecheck("tsconfig.json");
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("refuses a wrong input type at compile time", async () => {
    const result = await project.typecheck("tsconfig.wrong.json");
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /wrong-input\.ts\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/,
    );
  });

  it("runs that program against the real local stack", async () => {
    const value = makeCanary("outside", "ascii");
    const { stdout } = await run(process.execPath, [join(project.dir, "out", "program.js")], {
      env: { ...process.env, API_URL: stack.apiUrl, ECHO_URL: serverUrl(echo), SECRET_VALUE: value },
    });
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      me: true,
      tokenNames: expect.arrayContaining(["ci"]),
      versions: [1, 2],
      missing: [],
      listed: ["Outside"],
      runStatus: "succeeded",
      runSteps: ["succeeded"],
      runsListed: 1,
      refusal: { code: "PRECONDITION_FAILED", usedBy: ["Outside"], isError: true },
      previews: [16],
      deleted: true,
      auditActions: expect.arrayContaining([
        "secret.created",
        "secret.rotated",
        "secret.deleted",
        "token.created",
      ]),
      afterSignOut: "UNAUTHORIZED",
    });
    expect(received.find((r) => r.url === "/outside")?.headers.authorization).toBe(`Bearer ${value}-2`);
  });
});

describe("retries and errors of the packed client", () => {
  it("retries a query whose connection was reset, and never a mutation", async () => {
    const { createClient, WorkflowSecretsError } = await packedClient();
    const session = await createClient({ url: stack.apiUrl }).auth.signUp.mutate({
      email: `retry-${Date.now()}@example.com`,
      password: "correct horse battery staple 42",
    });
    const quick = { delayMs: () => 10 };

    const blip = await startFlakyProxy(new URL(stack.apiUrl), 2);
    const viaBlip = createClient({ url: blip.url, token: session.token, retry: quick });
    expect(await viaBlip.secrets.list.query()).toEqual([]);
    expect(blip.connections()).toBe(3);
    await blip.close();

    const down = await startFlakyProxy(new URL(stack.apiUrl), Number.POSITIVE_INFINITY);
    const viaDown = createClient({ url: down.url, token: session.token, retry: quick });
    const mutation = await viaDown.secrets.create
      .mutate({ name: "never", value: "x".repeat(20) })
      .catch((e) => e);
    expect(mutation).toBeInstanceOf(WorkflowSecretsError);
    expect(mutation.code).toBe("NETWORK_ERROR");
    expect(down.connections()).toBe(1);
    const query = await viaDown.secrets.list.query().catch((e) => e);
    expect(query.code).toBe("NETWORK_ERROR");
    expect(down.connections()).toBe(1 + 3);
    await down.close();

    const direct = createClient({ url: stack.apiUrl, token: session.token });
    const missing = await direct.runs.get.query({ id: "run_missing" }).catch((e) => e);
    expect(missing).toBeInstanceOf(WorkflowSecretsError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, message: 'no run "run_missing"' });
  });
});
