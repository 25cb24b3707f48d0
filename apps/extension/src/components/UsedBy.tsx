import type { SecretSummary } from "../lib/api-types";

/** The workflows that reference a secret, as chips; nothing when none does. */
export function UsedBy({ usedBy }: Pick<SecretSummary, "usedBy">) {
  if (usedBy.length === 0) return null;
  return (
    <p class="row small">
      Used by
      {usedBy.map((u) => (
        <span class="chip" key={u.workflowId}>
          {u.workflowName}
        </span>
      ))}
    </p>
  );
}
