import { randomBytes } from "node:crypto";
import {
  chargeAndNotify,
  type SeedTargets,
  scheduledDigest,
  seedSecretPolicies,
  verifiedWebhook,
} from "./seed-examples";
import { callTrpc, TrpcCallError } from "./trpc-http";

/** Local-only demo credentials, printed by `pnpm dev --demo`. */
export const DEMO_ACCOUNT = { email: "demo@example.com", password: "demo-password-1234" };

type Session = { token: string };
type Workflow = { id: string; name: string; webhookId?: string | null };

/**
 * Creates (or signs in to) the demo account and adds the example secrets and workflows that are
 * not there yet, so a second `pnpm dev --demo` keeps what the user changed. The example secret
 * values are random and go straight into the vault: nothing prints them.
 */
export async function seedDemoAccount(apiUrl: string, targets: SeedTargets, sinkUrl: string) {
  const session = await signUpOrIn(apiUrl);
  const token = session.token;
  const existing = await callTrpc<{ name: string }[]>(apiUrl, "secrets.list", { kind: "query", token });
  const have = new Set(existing.map((s) => s.name));
  const values: Record<string, string> = {
    stripe_secret: `sk_test_demo${randomBytes(18).toString("hex")}`,
    slack_alerts: `${sinkUrl}/services/T0DEMO/B0DEMO/${randomBytes(12).toString("hex")}`,
    smtp_password: randomBytes(16).toString("base64url"),
    webhook_signing_key: randomBytes(32).toString("hex"),
  };
  const policies = seedSecretPolicies(targets) as Record<string, object>;
  for (const [name, value] of Object.entries(values)) {
    if (!have.has(name)) {
      const input = { name, value, ...policies[name] };
      await callTrpc(apiUrl, "secrets.create", { kind: "mutation", input, token });
    }
  }
  const workflows = await callTrpc<Workflow[] | { items: Workflow[] }>(apiUrl, "workflows.list", {
    kind: "query",
    token,
  });
  const list = Array.isArray(workflows) ? workflows : workflows.items;
  const names = new Set(list.map((w) => w.name));
  for (const definition of [chargeAndNotify(targets), scheduledDigest(targets), verifiedWebhook(targets)]) {
    if (!names.has(definition.name)) {
      list.push(
        await callTrpc<Workflow>(apiUrl, "workflows.create", { kind: "mutation", input: definition, token }),
      );
    }
  }
  const webhook = list.find((w) => w.name === verifiedWebhook(targets).name);
  return {
    ...DEMO_ACCOUNT,
    webhookUrl: webhook?.webhookId ? `${apiUrl}/hooks/${webhook.webhookId}` : undefined,
  };
}

async function signUpOrIn(apiUrl: string): Promise<Session> {
  try {
    return await callTrpc<Session>(apiUrl, "auth.signUp", { kind: "mutation", input: DEMO_ACCOUNT });
  } catch (error) {
    if (!(error instanceof TrpcCallError) || error.code !== "CONFLICT") throw error;
    return await callTrpc<Session>(apiUrl, "auth.signIn", { kind: "mutation", input: DEMO_ACCOUNT });
  }
}
