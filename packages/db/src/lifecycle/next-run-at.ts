import { Cron } from "croner";

/** A schedule the API refuses at save time; `path` is the definition field to point at. */
export class ScheduleError extends Error {
  override readonly name = "ScheduleError";
  constructor(
    readonly path: "trigger.cron" | "trigger.timezone",
    message: string,
  ) {
    super(message);
  }
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The first occurrence of `cron` strictly after `after`, evaluated in `timezone` (UTC when absent)
 * so "0 9 * * *" means 09:00 local across DST changes, as an ISO-8601 UTC string: the format
 * `next_run_at` is compared in. `null` when the pattern has no future occurrence.
 *
 * The one schedule computation: the API calls it when a workflow is saved, the runner's cron when
 * it claims an occurrence, so the two never disagree. The runner ticks once a minute, so only
 * 5-field expressions (no seconds) and the @-nicknames are accepted; anything else throws
 * ScheduleError with a message that says what to write instead.
 */
export function nextRunAt(cron: string, timezone: string | null | undefined, after: Date): string | null {
  const pattern = cron.trim();
  if (!pattern.startsWith("@") && pattern.split(/\s+/).length !== 5) {
    throw new ScheduleError(
      "trigger.cron",
      `expected 5 fields "minute hour day-of-month month day-of-week" (e.g. "*/15 * * * *"), got "${pattern.slice(0, 100)}"`,
    );
  }
  if (timezone != null && !isValidTimezone(timezone)) {
    throw new ScheduleError(
      "trigger.timezone",
      `unknown IANA timezone "${timezone.slice(0, 64)}" (e.g. "Europe/Paris")`,
    );
  }
  let job: Cron;
  try {
    job = new Cron(pattern, { timezone: timezone ?? "UTC", paused: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "invalid";
    throw new ScheduleError("trigger.cron", `invalid cron expression "${pattern.slice(0, 100)}": ${reason}`);
  }
  try {
    return job.nextRun(after)?.toISOString() ?? null;
  } finally {
    job.stop();
  }
}

/**
 * `nextRunAt` for a schedule being saved: a pattern with no future occurrence ("0 0 30 2 *",
 * February 30th) throws ScheduleError instead of returning null. Stored, such a schedule would sit
 * enabled with no `next_run_at` forever; refusing it at save keeps that state out of the table.
 */
export function firstRunAt(cron: string, timezone: string | null | undefined, after: Date): string {
  const next = nextRunAt(cron, timezone, after);
  if (next === null) {
    throw new ScheduleError(
      "trigger.cron",
      `this schedule never fires: "${cron.trim().slice(0, 100)}" matches no date (e.g. February 30th); check the day-of-month and month fields`,
    );
  }
  return next;
}
