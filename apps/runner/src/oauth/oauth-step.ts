import type { SecretFields } from "@workflow-secrets/secret-rules";
import type { Reference, SecretValue } from "@workflow-secrets/templating";
import type { GrowingMasker } from "../run/growing-masker";
import type { OpenedSecret } from "../run/resolve-secrets";
import { secretMaskEntries } from "../run/secret-mask-entries";
import { failed, type StepOutcome } from "../steps/step-outcome";
import { freshTokens, type RefreshDeps } from "./fresh-tokens";

export type OAuthRunState = {
  deps: RefreshDeps;
  /** The run's opened rows (versions move forward as tokens are refreshed). */
  opened: OpenedSecret[];
  /** The run's render context secrets: refreshed fields are written here. */
  values: Record<string, SecretValue>;
  masker: GrowingMasker;
};

/**
 * Fires a step with fresh OAuth2 access tokens: before it fires, each OAuth2 credential the step
 * references is refreshed when its token expires within 60 s; when the service answers 401 (or a
 * 200 whose body holds the credential's `expiredBodyContains`), the credentials are refreshed once
 * and the step is fired once more, with the same Idempotency-Key (`<runId>:<stepId>`). A refresh that
 * fails fails the step before anything is sent, with a masked message saying what to do.
 */
export async function fireWithFreshTokens(
  stepReferences: readonly Reference[],
  state: OAuthRunState,
  fire: () => Promise<StepOutcome>,
): Promise<StepOutcome> {
  const names = [...new Set(stepReferences.filter((r) => r.root === "secrets").map((r) => r.name))].filter(
    (name) => oauthFields(state.values[name]) !== undefined,
  );
  if (names.length === 0) return fire();
  for (const name of names) {
    const problem = await renew(state, name);
    if (problem) return failed(problem, { attempts: 0 });
  }
  const first = await fire();
  const expired = names.filter((name) =>
    looksExpired(first, oauthFields(state.values[name]) as SecretFields),
  );
  if (expired.length === 0) return first;
  for (const name of expired) {
    const problem = await renew(state, name, oauthFields(state.values[name])?.accessToken);
    if (problem) return failed(problem, { attempts: first.attempts });
  }
  const second = await fire();
  return { ...second, attempts: first.attempts + second.attempts };
}

async function renew(state: OAuthRunState, name: string, refused?: string): Promise<string | undefined> {
  const row = state.opened.find((o) => o.name === name);
  const fields = oauthFields(state.values[name]);
  if (!row || !fields) return undefined;
  const result = await freshTokens(state.deps, { id: row.id, name, version: row.version, fields }, refused);
  if (!result.ok) return result.message;
  if (result.version !== row.version || result.fields !== fields) {
    const value = { type: "oauth2", fields: result.fields };
    state.masker.add(secretMaskEntries({ [name]: value }));
    state.values[name] = value;
    row.version = result.version;
  }
  return undefined;
}

function oauthFields(value: SecretValue | undefined): SecretFields | undefined {
  return typeof value === "object" && value.type === "oauth2" ? value.fields : undefined;
}

function looksExpired(outcome: StepOutcome, fields: SecretFields): boolean {
  const response = outcome.response as { status?: number; body?: unknown } | undefined;
  if (response?.status === 401) return true;
  const rule = fields.expiredBodyContains;
  if (!rule || outcome.status !== "succeeded" || response === undefined) return false;
  const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? "");
  return body.includes(rule);
}
