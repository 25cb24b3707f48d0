import { env } from "cloudflare:workers";
import { openSecret, parsePrivateKeyring, secretAadForRow } from "@workflow-secrets/crypto";
import { findLeaks, makeCanary } from "@workflow-secrets/leak-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { expectApiError, responseBodies, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";

interface Row {
  id: string;
  user_id: string;
  envelope: string;
  version: number;
  type: string;
  policy: string | null;
}

const canaries: string[] = [];
const canary = (label: string) => {
  const value = makeCanary(label, "ascii");
  canaries.push(value);
  return value;
};

afterAll(() => {
  // Every response body of this file, errors included, is free of the values saved.
  expect(findLeaks(responseBodies.join("\n"), canaries)).toEqual([]);
});

async function stored(userId: string, name: string): Promise<Row> {
  const [row] = await queryRows<Row>("SELECT * FROM secrets WHERE user_id = ? AND name = ?", userId, name);
  if (!row) throw new Error(`no stored secret ${name}`);
  return row;
}

const openAsRunner = (row: Row) =>
  openSecret(row.envelope, {
    keyring: parsePrivateKeyring(env.TEST_SEALING_PRIVATE_KEYS),
    aad: secretAadForRow({ userId: row.user_id, secretId: row.id, ...row }),
  });

describe("secrets: destinations sealed with the value", () => {
  it("normalises destinations, stores the canonical policy and seals it into the aad", async () => {
    const user = await signUpUser();
    const value = canary("stripe");
    const saved = await user.api.secrets.create.mutate({
      name: "stripe_secret",
      value,
      destinations: ["HTTPS://api.stripe.com/", "smtp://Mail.example.com:587", "https://api.stripe.com"],
    });
    expect(saved).toMatchObject({
      type: "text",
      destinations: ["https://api.stripe.com", "smtp://mail.example.com:587"],
      scripts: false,
      unrestricted: false,
      warnings: [],
    });
    const row = await stored(user.user.id, "stripe_secret");
    expect(row.policy).toBe(
      '{"destinations":["https://api.stripe.com","smtp://mail.example.com:587"],"scripts":false}',
    );
    expect(await openAsRunner(row)).toBe(value);
    await expect(openAsRunner({ ...row, policy: null })).rejects.toMatchObject({ code: "tampered" });

    const [listed] = await user.api.secrets.list.query();
    expect(listed).toMatchObject({
      name: "stripe_secret",
      type: "text",
      destinations: ["https://api.stripe.com", "smtp://mail.example.com:587"],
      scripts: false,
      unrestricted: false,
    });
  });

  it("defaults a URL-valued secret to its own origin and word path; anything else is unrestricted, with a suggestion", async () => {
    const user = await signUpUser();
    const hook = await user.api.secrets.create.mutate({
      name: "slack_alerts",
      value: `https://hooks.slack.com/services/T0A1B2C3/B0D4E5F6/${crypto.randomUUID().replaceAll("-", "")}`,
    });
    expect(hook).toMatchObject({
      destinations: ["https://hooks.slack.com/services"],
      scripts: false,
      unrestricted: false,
    });

    const token = await user.api.secrets.create.mutate({
      name: "stripe",
      value: `sk_live_${"a1B2".repeat(6)}`,
    });
    expect(token).toMatchObject({ destinations: ["*"], scripts: true, unrestricted: true });
    expect(token.warnings).toEqual([]);
    expect(token.suggestedDestinations).toEqual(["https://api.stripe.com"]);
  });

  it("shows legacy rows (sealed before policies) as unrestricted", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "old",
      value: canary("old"),
      destinations: ["https://a.example"],
    });
    await execute("UPDATE secrets SET policy = NULL WHERE user_id = ? AND name = 'old'", user.user.id);
    const [listed] = await user.api.secrets.list.query();
    expect(listed).toMatchObject({ name: "old", destinations: ["*"], scripts: true, unrestricted: true });
  });

  it("refuses destinations that are not destinations, naming each by position", async () => {
    const user = await signUpUser();
    const error = await expectApiError(
      user.api.secrets.create.mutate({
        name: "bad",
        value: canary("bad"),
        destinations: ["https://ok.example", "api.stripe.com", "http://evil.example"],
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe(
      "destinations[1]: a destination has no scheme; write https://host[:port][/path], smtp://host:port, *.example.com or * (unrestricted); destinations[2]: plain http:// is only for 127.0.0.1 and localhost; use https://",
    );
    // An empty list is allowed: a webhook signing key the runner only verifies with.
    const nowhere = await user.api.secrets.create.mutate({
      name: "none",
      value: canary("none"),
      destinations: [],
    });
    expect(nowhere).toMatchObject({ destinations: [], scripts: false, unrestricted: false });
  });

  it("changes a policy only together with a new value, and keeps it on a plain rotation", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "key",
      value: canary("key"),
      destinations: ["https://a.example"],
    });
    const error = await expectApiError(
      user.api.secrets.update.mutate({ name: "key", destinations: ["*"] }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe(
      "a secret's destinations and script access are sealed with its value: enter the value again to change them",
    );
    const kept = await user.api.secrets.update.mutate({ name: "key", value: canary("key2") });
    expect(kept).toMatchObject({ version: 2, destinations: ["https://a.example"], scripts: false });
    const changed = await user.api.secrets.update.mutate({
      name: "key",
      value: canary("key3"),
      destinations: ["https://b.example"],
      scripts: true,
    });
    expect(changed).toMatchObject({ version: 3, destinations: ["https://b.example"], scripts: true });
    const row = await stored(user.user.id, "key");
    expect(row.policy).toBe('{"destinations":["https://b.example"],"scripts":true}');
    expect(await openAsRunner(row)).toBe(canaries.at(-1));
  });
});

describe("workflows: literal destinations outside a secret's policy are refused at save, in the runner's words", () => {
  it("refuses on create and on update (as a thief with the owner's token would), accepts allowed and templated ones", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "api_key",
      value: canary("api"),
      destinations: ["https://api.example.com/v1"],
    });
    const step = (url: string) => ({
      name: "wf",
      trigger: { type: "manual" as const },
      steps: [
        { id: "call", type: "http" as const, url, headers: { Authorization: "Bearer {{secrets.api_key}}" } },
      ],
    });
    const wf = await user.api.workflows.create.mutate(step("https://api.example.com/v1/things?x=1"));
    const refused = await expectApiError(
      user.api.workflows.update.mutate({ id: wf.id, ...step("https://evil.example/collect") }),
      "BAD_REQUEST",
    );
    expect(refused.message).toBe(
      'step "call" (headers.Authorization): secret "api_key" may not be sent to https://evil.example; it may go only to https://api.example.com/v1. Send it to one of those, or enter the secret\'s value again with this destination added',
    );
    await expectApiError(
      user.api.workflows.create.mutate(step("https://api.example.com/v2/things")),
      "BAD_REQUEST",
    );
    // A templated host is left to the runner, which decides when the step fires.
    await user.api.workflows.create.mutate({
      ...step("https://api.example.com/v1/x"),
      steps: [{ id: "call", type: "http", url: "{{secrets.api_key}}" }],
    });
  });

  it("refuses a script that reads a secret which does not allow scripts", async () => {
    const user = await signUpUser();
    await user.api.secrets.create.mutate({
      name: "signing",
      value: canary("sign"),
      destinations: ["https://a.example"],
    });
    const error = await expectApiError(
      user.api.workflows.create.mutate({
        name: "verify",
        trigger: { type: "webhook" },
        steps: [{ id: "check", type: "script", code: "return secrets.signing.length" }],
      }),
      "BAD_REQUEST",
    );
    expect(error.message).toBe(
      'step "check" (code): secret "signing" may not be read by script steps. Remove it from the script, or enter the secret\'s value again with scripts allowed',
    );
  });
});

describe("workflows: a verified webhook's signing secret", () => {
  it("counts as used by the workflow (missingSecrets, usedBy), sealed to go nowhere", async () => {
    const user = await signUpUser();
    const definition = {
      name: "verified",
      trigger: { type: "webhook" as const, verify: { preset: "github" as const, secret: "gh_signing" } },
      steps: [{ id: "ok", type: "script" as const, code: "return 1" }],
    };
    const created = await user.api.workflows.create.mutate(definition);
    expect(created.missingSecrets).toEqual(["gh_signing"]);
    await user.api.secrets.create.mutate({ name: "gh_signing", value: canary("gh"), destinations: [] });
    const [listed] = await user.api.secrets.list.query();
    expect(listed).toMatchObject({
      name: "gh_signing",
      destinations: [],
      unrestricted: false,
      usedBy: [{ workflowId: created.id, workflowName: "verified" }],
    });
    await expectApiError(
      user.api.workflows.create.mutate({
        ...definition,
        trigger: { type: "webhook", verify: { preset: "github", secret: "not a name" } },
      }),
      "BAD_REQUEST",
    );
  });
});
