import { runSteps, runs } from "@workflow-secrets/db";
import { asc, eq } from "drizzle-orm";
import { db } from "./seed";

/** The run and its steps as stored: what `runs.get` reads and returns. */
export async function runView(runId: string) {
  const run = await db.select().from(runs).where(eq(runs.id, runId)).get();
  const steps = await db
    .select()
    .from(runSteps)
    .where(eq(runSteps.runId, runId))
    .orderBy(asc(runSteps.stepIndex));
  return { ...run, steps };
}

export type RunView = Awaited<ReturnType<typeof runView>>;
