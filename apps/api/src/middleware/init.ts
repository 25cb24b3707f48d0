import { createDb, type Db } from "@workflow-secrets/db";
import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env";

// Building a drizzle client walks the whole schema; do it once per D1 binding, not per request.
const dbByBinding = new WeakMap<D1Database, Db>();

function dbFor(binding: D1Database): Db {
  let db = dbByBinding.get(binding);
  if (!db) {
    db = createDb(binding);
    dbByBinding.set(binding, db);
  }
  return db;
}

/**
 * Builds the per-request services once, so handlers never construct their own.
 *
 * @example app.use("/trpc/*", init());
 */
export function init() {
  return createMiddleware<HonoEnv>(async (c, next) => {
    c.set("requestId", crypto.randomUUID());
    c.set("db", dbFor(c.env.DB));
    await next();
  });
}
