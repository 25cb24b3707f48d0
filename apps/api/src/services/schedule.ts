import { Cron } from "croner";

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
 * The next time a schedule fires after `from`, as an ISO string, evaluated in `timezone` (UTC when
 * absent) so "0 9 * * *" means 09:00 local across DST changes. The runner ticks once a minute, so
 * only 5-field expressions (no seconds) and the @-nicknames are accepted.
 */
export function computeNextRunAt(
  cron: string,
  timezone: string | undefined,
  from = new Date(),
): string | null {
  const pattern = cron.trim();
  if (!pattern.startsWith("@") && pattern.split(/\s+/).length !== 5) {
    throw new ScheduleError(
      "trigger.cron",
      `expected 5 fields "minute hour day-of-month month day-of-week" (e.g. "*/15 * * * *"), got "${pattern.slice(0, 100)}"`,
    );
  }
  if (timezone !== undefined && !isValidTimezone(timezone)) {
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
  const next = job.nextRun(from);
  job.stop();
  return next ? next.toISOString() : null;
}
