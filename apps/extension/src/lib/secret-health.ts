import type { SecretSummary } from "./api-types";

export type SecretState = SecretSummary["state"];

/** States that need the user, most urgent first (unused is a hint, shown last and not on the badge). */
const URGENCY: Record<SecretState, number> = { expired: 0, failing: 1, expiring: 2, unused: 3, ok: 4 };

export interface AttentionCounts {
  expired: number;
  failing: number;
  expiring: number;
}

/** How many secrets are expired, failing or expiring: what the toolbar badge counts. */
export function attentionCounts(secrets: readonly Pick<SecretSummary, "state">[]): AttentionCounts {
  const counts: AttentionCounts = { expired: 0, failing: 0, expiring: 0 };
  for (const { state } of secrets) if (state in counts) counts[state as keyof AttentionCounts]++;
  return counts;
}

/** The badge: the number of secrets that need attention, or "" for none. */
export function badgeText(counts: AttentionCounts): string {
  const total = counts.expired + counts.failing + counts.expiring;
  return total === 0 ? "" : total > 99 ? "99+" : String(total);
}

/** Red when something is broken now (expired, failing), amber when something is about to be. */
export function badgeColour(counts: AttentionCounts): string {
  return counts.expired + counts.failing > 0 ? "#b42318" : "#b54708";
}

/** Secrets that need attention, most urgent first, then by name. */
export function needingAttention<T extends Pick<SecretSummary, "state" | "name">>(
  secrets: readonly T[],
): T[] {
  return secrets
    .filter((s) => s.state !== "ok")
    .sort((a, b) => URGENCY[a.state] - URGENCY[b.state] || a.name.localeCompare(b.name));
}

/** The list with secrets that need attention on top (in urgency order), the rest as they were. */
export function attentionFirst<T extends Pick<SecretSummary, "state" | "name">>(secrets: readonly T[]): T[] {
  return [...needingAttention(secrets), ...secrets.filter((s) => s.state === "ok")];
}

const STATE_LABELS: Record<SecretState, string> = {
  expired: "Expired",
  failing: "Failing",
  expiring: "Expiring",
  unused: "Unused",
  ok: "OK",
};

export function stateLabel(state: SecretState): string {
  return STATE_LABELS[state];
}

/** What the state means and what to do next, in one line. */
export function stateAdvice(secret: Pick<SecretSummary, "state" | "expiresAt">, now = new Date()): string {
  const when = secret.expiresAt ? new Date(secret.expiresAt) : undefined;
  switch (secret.state) {
    case "expired":
      return `Expired${when ? ` ${when.toLocaleString()}` : ""}. Runs that use it stop before sending anything: rotate it or roll back.`;
    case "failing":
      return "The last 3 runs that used it were refused (401/403). Check the key at its service, then rotate it.";
    case "expiring": {
      const days = when ? Math.max(0, Math.ceil((when.getTime() - now.getTime()) / 86_400_000)) : undefined;
      return `Expires ${days === undefined ? "soon" : days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`}. Rotate it before then.`;
    }
    case "unused":
      return "No run used it in 90 days. Delete it if nothing needs it.";
    case "ok":
      return "OK";
  }
}
