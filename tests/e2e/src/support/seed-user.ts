import {
  chargeAndNotify,
  type SeedTargets,
  scheduledDigest,
  seedSecretPolicies,
  verifiedWebhook,
} from "@workflow-secrets/stack";
import { inject } from "vitest";
import { signUpUser, type User } from "./api";
import { type Canary, plantCanary } from "./canaries";

export type SeedSecrets = {
  stripe: Canary;
  slack: Canary;
  smtp: Canary;
  signing: Canary;
};

/** The seed examples pointed at this suite's receivers (the same definitions `pnpm dev --demo` uses). */
export function seedTargets(): SeedTargets {
  return {
    paymentsUrl: inject("echoUrl"),
    smtp: { host: "127.0.0.1", port: inject("smtpPort"), username: "alerts@example.com" },
    emailFrom: "billing@example.com",
    emailTo: "customer@example.com",
  };
}

export const definitions = {
  charge: () => chargeAndNotify(seedTargets()),
  digest: () => scheduledDigest(seedTargets()),
  webhook: () => verifiedWebhook(seedTargets()),
};

/** Random canary values for the four seed secrets; the SMTP one has characters every encoding changes. */
export function plantSeedSecrets(): SeedSecrets {
  return {
    stripe: plantCanary("stripe_secret", (r) => `sk_test_${r}`),
    slack: plantCanary("slack_alerts", (r) => `${inject("slackUrl")}/services/T0E2E/B0E2E/${r}`),
    smtp: plantCanary("smtp_password", (r) => `p@ss/${r}+"=&%`),
    signing: plantCanary("webhook_signing_key", (r) => `whsec_${r}`),
  };
}

/** Signs up a user and stores the four seed secrets with fresh canary values, each bound to its service. */
export async function signUpWithSeedSecrets(label: string): Promise<{ user: User; secrets: SeedSecrets }> {
  const user = await signUpUser(label);
  const secrets = plantSeedSecrets();
  const policies = seedSecretPolicies(seedTargets()) as Record<string, object>;
  for (const canary of Object.values(secrets)) {
    await user.client.secrets.create.mutate({
      name: canary.name,
      value: canary.value,
      ...policies[canary.name],
    });
  }
  return { user, secrets };
}
