import type { RunLimits } from "@workflow-secrets/db";
import { ConfigurationError } from "../errors";

/** Per-user quotas and caps, from the Worker's vars (wrangler.jsonc), with these defaults when unset. */
export type UsageLimits = RunLimits & {
  maxWorkflowsPerUser: number;
  /** Enabled scheduled workflows. */
  maxSchedulesPerUser: number;
};

export const DEFAULT_USAGE_LIMITS: UsageLimits = {
  maxQueuedPerWorkflow: 500,
  maxRunsPerHourPerUser: 10_000,
  maxWorkflowsPerUser: 500,
  maxSchedulesPerUser: 100,
};

const VARS: Record<keyof UsageLimits, string> = {
  maxQueuedPerWorkflow: "MAX_QUEUED_RUNS_PER_WORKFLOW",
  maxRunsPerHourPerUser: "MAX_RUNS_PER_HOUR_PER_USER",
  maxWorkflowsPerUser: "MAX_WORKFLOWS_PER_USER",
  maxSchedulesPerUser: "MAX_SCHEDULES_PER_USER",
};

const cache = new WeakMap<object, UsageLimits>();

/** Reads the limits once per env object; a value that is not a positive integer is a clear configuration error. */
export function loadUsageLimits(env: object): UsageLimits {
  const cached = cache.get(env);
  if (cached) return cached;
  const vars = env as Record<string, unknown>;
  const limits = { ...DEFAULT_USAGE_LIMITS };
  for (const [key, name] of Object.entries(VARS) as [keyof UsageLimits, string][]) {
    const raw = vars[name];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new ConfigurationError(
        `${name} must be a positive integer (the default is ${DEFAULT_USAGE_LIMITS[key]})`,
      );
    }
    limits[key] = n;
  }
  cache.set(env, limits);
  return limits;
}
