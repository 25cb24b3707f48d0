import { type DestinationRule, normaliseDestination } from "./destination-rule";
import type { DestinationTarget } from "./destination-target";

/**
 * Where a secret may be sent, sealed with its value: the rules its owner chose and whether script
 * steps may read it. The same shape as `@workflow-secrets/crypto`'s SecretPolicy, whose
 * `canonicalPolicy` turns it into the string stored and sealed.
 */
export interface SecretPolicy {
  destinations: readonly string[];
  scripts: boolean;
}

/** The most destinations one secret may have. */
export const MAX_DESTINATIONS = 20;

/** The policy of every value sealed before policies existed (policy column NULL). */
export const LEGACY_POLICY: SecretPolicy = { destinations: ["*"], scripts: true };

export type PolicyCheck = { ok: true; policy: SecretPolicy } | { ok: false; problems: string[] };

/**
 * Validates what an owner entered and returns it normalised, deduplicated and sorted (`*` alone
 * when present): ready for `canonicalPolicy`. Problems name the position, never the text. An empty
 * list is a secret sent nowhere (a webhook signing key the runner only verifies with).
 *
 * @example
 * normalisePolicy({ destinations: ["https://API.stripe.com/"], scripts: false });
 * // { ok: true, policy: { destinations: ["https://api.stripe.com"], scripts: false } }
 */
export function normalisePolicy(input: { destinations: readonly string[]; scripts: boolean }): PolicyCheck {
  const problems: string[] = [];
  if (input.destinations.length > MAX_DESTINATIONS) {
    problems.push(
      `a secret has at most ${MAX_DESTINATIONS} destinations; use *.example.com for many subdomains`,
    );
  }
  const texts = new Set<string>();
  input.destinations.forEach((entry, i) => {
    const checked = normaliseDestination(entry);
    if (checked.ok) texts.add(checked.text);
    else problems.push(`destinations[${i}]: ${checked.problem}`);
  });
  if (problems.length > 0) return { ok: false, problems };
  const destinations = texts.has("*") ? ["*"] : [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { ok: true, policy: { destinations, scripts: input.scripts } };
}

/** True for `*` and for legacy secrets (no policy): shown as "unrestricted" wherever secrets are listed. */
export function isUnrestricted(policy: SecretPolicy | null | undefined): boolean {
  return !policy || policy.destinations.includes("*");
}

/** A policy's rules, parsed once (per run) so each check is a few comparisons. */
export interface CompiledPolicy {
  readonly policy: SecretPolicy;
  readonly unrestricted: boolean;
  allows(target: DestinationTarget): boolean;
}

/**
 * Parses a stored (already normalised) policy for matching. An entry that does not parse matches
 * nothing, so a damaged policy can only refuse more.
 */
export function compilePolicy(policy: SecretPolicy | null): CompiledPolicy {
  const effective = policy ?? LEGACY_POLICY;
  const rules: DestinationRule[] = [];
  for (const text of effective.destinations) {
    const checked = normaliseDestination(text);
    if (checked.ok && checked.text === text) rules.push(checked.rule);
  }
  const unrestricted = rules.some((rule) => rule.kind === "any");
  return {
    policy: effective,
    unrestricted,
    allows: unrestricted ? () => true : (target) => rules.some((rule) => ruleAllows(rule, target)),
  };
}

/** Scheme, host and port must be equal; a path rule allows that path and what lies under it. */
export function ruleAllows(rule: DestinationRule, target: DestinationTarget): boolean {
  switch (rule.kind) {
    case "any":
      return true;
    case "subdomains":
      return (
        (target.scheme === "smtp" || (target.scheme === "https" && target.port === 443)) &&
        target.host.length > rule.domain.length + 1 &&
        target.host.endsWith(`.${rule.domain}`)
      );
    case "smtp":
      return target.scheme === "smtp" && target.host === rule.host && target.port === rule.port;
    case "url":
      return (
        target.scheme === rule.scheme &&
        target.host === rule.host &&
        target.port === rule.port &&
        (rule.path === "" || target.path === rule.path || target.path.startsWith(`${rule.path}/`))
      );
  }
}
