import { canonicalPolicy, parseCanonicalPolicy } from "@workflow-secrets/crypto";
import {
  isUnrestricted,
  LEGACY_POLICY,
  normalisePolicy,
  type SecretPolicy,
  suggestDestinations,
  urlValueDestination,
} from "@workflow-secrets/secret-rules";
import { z } from "zod";
import { apiError } from "../errors";

/** What the owner may send with a value: where it may go and whether scripts may read it. */
export const policyInput = {
  destinations: z.array(z.string().max(600)).max(50).optional(),
  scripts: z.boolean().optional(),
};

/** A secret's policy as every list and save response shows it. */
export interface PolicyView {
  destinations: string[];
  scripts: boolean;
  /** `*` or a legacy value sealed before policies: it may be sent anywhere. */
  unrestricted: boolean;
}

export interface ChosenPolicy {
  /** Canonical JSON: stored in `secrets.policy` and sealed into the aad. */
  column: string;
  view: PolicyView;
  /** For an unrestricted secret whose value has a known shape: the destinations to bind it to instead. */
  suggestedDestinations?: string[];
}

/**
 * The policy a new value is sealed with:
 * - destinations given → normalised (BAD_REQUEST listing each problem); scripts default false;
 * - omitted on create → a URL-valued secret gets its own origin and word path, anything else
 *   is unrestricted (`*`, scripts allowed), returned with the destinations its shape suggests;
 * - omitted on update → the current policy is kept (a legacy row stays unrestricted).
 */
export function choosePolicy(
  value: string,
  input: { destinations?: string[]; scripts?: boolean },
  current?: string | null,
): ChosenPolicy {
  let policy: SecretPolicy;
  if (input.destinations) {
    const checked = normalisePolicy({ destinations: input.destinations, scripts: input.scripts ?? false });
    if (!checked.ok) throw apiError("BAD_REQUEST", checked.problems.join("; "));
    policy = checked.policy;
  } else if (current !== undefined) {
    const kept = current === null ? LEGACY_POLICY : parseCanonicalPolicy(current);
    if (!kept) {
      throw apiError(
        "BAD_REQUEST",
        "the secret's stored destinations could not be read: give destinations (and scripts) with the new value",
      );
    }
    policy = { destinations: kept.destinations, scripts: input.scripts ?? kept.scripts };
  } else {
    const own = urlValueDestination(value.trim());
    policy = own
      ? { destinations: [own], scripts: input.scripts ?? false }
      : { destinations: ["*"], scripts: input.scripts ?? true };
  }
  const view = toView(policy);
  const suggested = view.unrestricted ? suggestDestinations(value)?.destinations : undefined;
  return {
    column: canonicalPolicy(policy),
    view,
    ...(suggested ? { suggestedDestinations: suggested } : {}),
  };
}

/** The view of a stored policy column (NULL: legacy, unrestricted). */
export function policyView(column: string | null): PolicyView {
  if (column === null) return toView(LEGACY_POLICY);
  // A column nobody but the API wrote canonically: its value will not open; show it as going nowhere.
  return toView(parseCanonicalPolicy(column) ?? { destinations: [], scripts: false });
}

function toView(policy: SecretPolicy): PolicyView {
  return {
    destinations: [...policy.destinations],
    scripts: policy.scripts,
    unrestricted: isUnrestricted(policy),
  };
}
