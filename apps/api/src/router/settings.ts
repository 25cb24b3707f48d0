import type { TRPCRouterRecord } from "@trpc/server";
import { DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_RUN_RETENTION_DAYS, userSettings } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { protectedProcedure } from "../trpc";

/** How long history may be kept: runs a day to a year, audit events 30 days to 10 years. */
export const RUN_RETENTION_DAYS = { min: 1, max: 365 } as const;
export const AUDIT_RETENTION_DAYS = { min: 30, max: 3650 } as const;

export type SettingsView = { runRetentionDays: number; auditRetentionDays: number };

const days = (bounds: { min: number; max: number }, what: string) =>
  z
    .number()
    .int()
    .min(bounds.min, `${what} must be at least ${bounds.min} days`)
    .max(bounds.max, `${what} must be at most ${bounds.max} days`);

const updateInput = z.object({
  runRetentionDays: days(RUN_RETENTION_DAYS, "runRetentionDays").optional(),
  auditRetentionDays: days(AUDIT_RETENTION_DAYS, "auditRetentionDays").optional(),
});

/**
 * The account's settings: how long the runner's retention job keeps finished runs (default 30 days)
 * and audit events (default 365 days). Changing them is for a signed-in session only: a leaked
 * personal token must not be able to shorten the history that would show its misuse.
 */
export const settingsRouter = {
  get: protectedProcedure("read").query(async ({ ctx }): Promise<SettingsView> => {
    const row = await ctx.db
      .select({
        runRetentionDays: userSettings.runRetentionDays,
        auditRetentionDays: userSettings.auditRetentionDays,
      })
      .from(userSettings)
      .where(eq(userSettings.userId, ctx.auth.userId))
      .get();
    return (
      row ?? {
        runRetentionDays: DEFAULT_RUN_RETENTION_DAYS,
        auditRetentionDays: DEFAULT_AUDIT_RETENTION_DAYS,
      }
    );
  }),

  update: protectedProcedure("session")
    .input(updateInput)
    .mutation(async ({ ctx, input }): Promise<SettingsView> => {
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const now = new Date().toISOString();
      const [row] = await ctx.db
        .insert(userSettings)
        .values({ userId: ctx.auth.userId, ...changes, updatedAt: now })
        .onConflictDoUpdate({ target: userSettings.userId, set: { ...changes, updatedAt: now } })
        .returning({
          runRetentionDays: userSettings.runRetentionDays,
          auditRetentionDays: userSettings.auditRetentionDays,
        });
      return row as SettingsView;
    }),
} satisfies TRPCRouterRecord;
