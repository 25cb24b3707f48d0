import { Cron } from "croner";

/**
 * The first occurrence of `cron` strictly after `after`, in the workflow's timezone (DST-aware),
 * as an ISO-8601 UTC string: the format `next_run_at` is compared in. `null` when the pattern
 * has no future occurrence; throws when the pattern or timezone is invalid.
 */
export function nextOccurrence(cron: string, timezone: string | null, after: Date): string | null {
  const job = new Cron(cron, { timezone: timezone ?? "UTC", paused: true });
  try {
    return job.nextRun(after)?.toISOString() ?? null;
  } finally {
    job.stop();
  }
}
