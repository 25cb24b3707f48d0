import { maskUnregisteredCredentials, type UnregisteredKind } from "@workflow-secrets/secret-rules";

/** What a step's stored results held that no registered secret covered: kinds and counts, never values. */
export type UnregisteredFinding = UnregisteredKind & {
  /** Where it was found: `response`, `output`, `console` or `error`. */
  field: string;
  count: number;
};

/**
 * Collects, for one step, the credential-shaped values nobody registered, masking each as
 * `[masked:unregistered <kind>]`. Runs AFTER the run's masker (registered values already read `[masked:NAME]`),
 * on exactly what is about to be stored.
 */
export function createUnregisteredScan() {
  const counts = new Map<string, UnregisteredFinding>();
  const record = (found: UnregisteredKind[], field: string) => {
    for (const { kind, label } of found) {
      const key = `${field}|${kind}`;
      const entry = counts.get(key) ?? { kind, label, field, count: 0 };
      entry.count++;
      counts.set(key, entry);
    }
  };
  const text = (value: string, field: string, header?: string): string => {
    const scan = maskUnregisteredCredentials(value, header);
    record(scan.found, field);
    return scan.text;
  };
  /** Strings inside a JSON value; a string under a credential-named key is scanned as that header's value. */
  const json = (value: unknown, field: string, key?: string, depth = 0): unknown => {
    if (typeof value === "string") return text(value, field, key);
    if (depth > 64 || typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => json(item, field, key, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, json(v, field, k, depth + 1)] as const),
    );
  };
  return {
    text,
    json,
    /** Findings so far, or null when there are none (what `run_steps.unregistered` stores). */
    findings: (): UnregisteredFinding[] | null => (counts.size > 0 ? [...counts.values()] : null),
  };
}
