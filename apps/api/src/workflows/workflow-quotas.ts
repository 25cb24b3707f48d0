import { type Db, workflows } from "@workflow-secrets/db";
import { and, eq, ne, sql } from "drizzle-orm";
import { apiError } from "../errors";
import type { UsageLimits } from "../limits/usage-limits";

/**
 * Refuses a save that would take the user past their quota of workflows (on create) or of enabled
 * schedules (`schedules`: the saved workflow is an enabled schedule; `except` is its own id on an
 * update). Counted in D1 at save time, each count stopped at its bound.
 */
export async function checkWorkflowQuotas(
  db: Db,
  userId: string,
  limits: UsageLimits,
  save: { creating: boolean; enabledSchedule: boolean; except?: string },
): Promise<void> {
  const own = eq(workflows.userId, userId);
  const others = save.except ? and(own, ne(workflows.id, save.except)) : own;
  const schedules = and(others, eq(workflows.triggerType, "schedule"), eq(workflows.enabled, true));
  const [all, scheduled] = await db.batch([
    db.select({ n: sql<number>`count(*)` }).from(workflows).where(own),
    db.select({ n: sql<number>`count(*)` }).from(workflows).where(schedules),
  ]);
  if (save.creating && (all[0]?.n ?? 0) >= limits.maxWorkflowsPerUser) {
    throw apiError(
      "PRECONDITION_FAILED",
      `you have ${limits.maxWorkflowsPerUser} workflows, the most an account may have; delete one you no longer need, then save again`,
    );
  }
  if (save.enabledSchedule && (scheduled[0]?.n ?? 0) >= limits.maxSchedulesPerUser) {
    throw apiError(
      "PRECONDITION_FAILED",
      `you have ${limits.maxSchedulesPerUser} enabled scheduled workflows, the most an account may have; disable or delete one, or save this one disabled`,
    );
  }
}
