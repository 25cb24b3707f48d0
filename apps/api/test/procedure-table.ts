import type { RequiredAccess } from "../src/auth/token-scopes";
import { httpWorkflow, type signUpUser } from "./api";
import { routerProcedures } from "./procedure-walk";

/**
 * The fixtures the router walks (root.security.test.ts, scopes.security.test.ts) call every procedure
 * with. Every procedure of appRouter must be in ACCESS, and every one but the public ones in SCOPES.
 */
export type User = Awaited<ReturnType<typeof signUpUser>>;

/**
 * How each procedure may be reached. Every procedure of appRouter must be in ACCESS:
 * - `public`: answers without a token (only sign-up and sign-in);
 * - `own`: needs a token and touches only the caller's own data, so it takes no id or name;
 * - `byKey`: names one item by id or name; `owned` makes such an item for its owner and returns the
 *   key, `input` builds a valid input around a key. Another user's key must answer like a missing one;
 * - `claimsName`: creates an item under a name; another user's name must be as free as a fresh one.
 */
export type Keyed = { owned: (owner: User) => Promise<string>; input: (key: string) => unknown };
export type Access =
  | { kind: "public" }
  | { kind: "own"; input: unknown }
  | ({ kind: "byKey" } & Keyed)
  | ({ kind: "claimsName" } & Keyed);

const value = "fixture-value-0123456789";
export const uniqueName = (label: string) =>
  `${label}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
const ownSecret = async (owner: User) =>
  (await owner.api.secrets.create.mutate({ name: uniqueName("owned"), value })).name;
const oauthStartInput = (secretName: string) => ({
  secretName,
  authorizeUrl: "https://auth.example.com/authorize",
  tokenUrl: "https://auth.example.com/token",
  clientId: "client-1",
  clientSecret: value,
});
const ownRotatedSecret = async (owner: User) => {
  const name = await ownSecret(owner);
  await owner.api.secrets.update.mutate({ name, value: `rotated-${value}` });
  return name;
};
const livenessCheckOf = (name: string) => ({
  method: "GET" as const,
  url: "https://example.test/v1/balance",
  headers: { Authorization: `Bearer {{secrets.${name}}}` },
});
const ownCheckedSecret = async (owner: User) => {
  const name = await ownSecret(owner);
  await owner.api.secrets.setLivenessCheck.mutate({ name, check: livenessCheckOf(name) });
  return name;
};
const ownWorkflow = async (owner: User) =>
  (await owner.api.workflows.create.mutate(httpWorkflow(uniqueName("Owned")))).id;
const ownRun = async (owner: User) =>
  (await owner.api.workflows.run.mutate({ id: await ownWorkflow(owner) })).runId;
const ownToken = async (owner: User) =>
  (await owner.api.tokens.create.mutate({ name: uniqueName("pat"), scopes: ["read"] })).id;

export const ACCESS: Record<string, Access> = {
  "auth.signUp": { kind: "public" },
  "auth.signIn": { kind: "public" },
  "auth.signOut": { kind: "own", input: undefined },
  "auth.me": { kind: "own", input: undefined },
  "tokens.create": {
    kind: "claimsName",
    owned: async (o) =>
      (await o.api.tokens.create.mutate({ name: uniqueName("pat"), scopes: ["read"] })).name,
    input: (name) => ({ name, scopes: ["read"] }),
  },
  "tokens.list": { kind: "own", input: undefined },
  "tokens.revoke": { kind: "byKey", owned: ownToken, input: (id) => ({ id }) },
  "secrets.list": { kind: "own", input: undefined },
  "secrets.create": { kind: "claimsName", owned: ownSecret, input: (name) => ({ name, value }) },
  "secrets.update": {
    kind: "byKey",
    owned: ownSecret,
    input: (name) => ({ name, value: `rotated-${value}` }),
  },
  "secrets.delete": { kind: "byKey", owned: ownSecret, input: (name) => ({ name, force: true }) },
  "secrets.versions": { kind: "byKey", owned: ownSecret, input: (name) => ({ name }) },
  "secrets.rollback": { kind: "byKey", owned: ownRotatedSecret, input: (name) => ({ name, version: 1 }) },
  "secrets.configure": { kind: "byKey", owned: ownSecret, input: (name) => ({ name, versionsKept: 3 }) },
  "secrets.setLivenessCheck": {
    kind: "byKey",
    owned: ownSecret,
    input: (name) => ({ name, check: livenessCheckOf(name) }),
  },
  "secrets.checkLiveness": { kind: "byKey", owned: ownCheckedSecret, input: (name) => ({ name }) },
  "workflows.list": { kind: "own", input: undefined },
  "workflows.get": { kind: "byKey", owned: ownWorkflow, input: (id) => ({ id }) },
  "workflows.create": {
    kind: "claimsName",
    owned: async (o) => (await o.api.workflows.create.mutate(httpWorkflow(uniqueName("Named")))).name,
    input: (name) => httpWorkflow(name),
  },
  "workflows.update": {
    kind: "byKey",
    owned: ownWorkflow,
    input: (id) => ({ id, ...httpWorkflow("Renamed") }),
  },
  "workflows.setEnabled": { kind: "byKey", owned: ownWorkflow, input: (id) => ({ id, enabled: false }) },
  "workflows.delete": { kind: "byKey", owned: ownWorkflow, input: (id) => ({ id }) },
  "workflows.run": { kind: "byKey", owned: ownWorkflow, input: (id) => ({ id, input: { from: "walk" } }) },
  "runs.list": { kind: "byKey", owned: ownWorkflow, input: (workflowId) => ({ workflowId }) },
  "runs.get": { kind: "byKey", owned: ownRun, input: (id) => ({ id }) },
  "audit.list": { kind: "own", input: {} },
  "settings.get": { kind: "own", input: undefined },
  "settings.update": { kind: "own", input: { runRetentionDays: 30 } },
  "oauth.start": {
    kind: "claimsName",
    owned: async (o) => {
      const name = uniqueName("conn");
      await o.api.oauth.start.mutate(oauthStartInput(name));
      return name;
    },
    input: (secretName) => oauthStartInput(secretName),
  },
  "oauth.status": {
    kind: "byKey",
    owned: async (o) => (await o.api.oauth.start.mutate(oauthStartInput(uniqueName("conn")))).connectId,
    input: (connectId) => ({ connectId }),
  },
};

/**
 * What each procedure needs from a token, as its `protectedProcedure(access)` must declare it
 * (token-scopes.ts says what each scope allows). scopes.security.test.ts proves, for every entry, that a
 * token without it is refused with FORBIDDEN naming it and a token with only it is allowed.
 */
export const SCOPES: Record<string, RequiredAccess> = {
  "auth.signOut": "anyToken",
  "auth.me": "anyToken",
  "tokens.create": "session",
  "tokens.list": "read",
  "tokens.revoke": "session",
  "secrets.list": "read",
  "secrets.create": "secrets:write",
  "secrets.update": "secrets:write",
  "secrets.delete": "secrets:write",
  "secrets.versions": "read",
  "secrets.rollback": "secrets:write",
  "secrets.configure": "secrets:write",
  "secrets.setLivenessCheck": "secrets:write",
  "secrets.checkLiveness": "secrets:write",
  "workflows.list": "read",
  "workflows.get": "read",
  "workflows.create": "workflows:write",
  "workflows.update": "workflows:write",
  "workflows.setEnabled": "workflows:write",
  "workflows.delete": "workflows:write",
  "workflows.run": "workflows:write",
  "runs.list": "runs:read",
  "runs.get": "runs:read",
  "audit.list": "read",
  "settings.get": "read",
  "settings.update": "session",
  "oauth.start": "secrets:write",
  "oauth.status": "read",
};

export const PUBLIC = ["auth.signIn", "auth.signUp"];
/** Input keys that point at one stored item. */
export const KEY_FIELD = /^(id|name)$|Id$|Name$/;

export function sampleInput(access: Access): unknown {
  if (access.kind === "own") return access.input;
  if (access.kind === "public") return undefined;
  return access.input(uniqueName("sample"));
}

/** Procedures (from the router) of the given kinds, with their classification. */
export function classified<K extends Access["kind"]>(...kinds: K[]) {
  return [...routerProcedures().keys()].flatMap((path) => {
    const access = ACCESS[path];
    return access && (kinds as string[]).includes(access.kind)
      ? [{ path, access: access as Extract<Access, { kind: K }> }]
      : [];
  });
}
