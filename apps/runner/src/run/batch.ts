import type { Db } from "@workflow-secrets/db";
import type { BatchItem } from "drizzle-orm/batch";

export type Write = BatchItem<"sqlite">;

/**
 * Runs writes as one D1 batch: one round trip, one transaction. The run loop gathers what it must
 * persist (the previous step's result, the next step's start) and sends it together, so a step
 * costs one round trip while every step is still stored before the next one fires.
 */
export async function flushWrites(db: Db, writes: Write[]): Promise<void> {
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
}
