import { createDb } from "@workflow-secrets/db";
import { createMiddleware } from "hono/factory";
import type { HonoEnv } from "../hono-env";

/**
 * Builds the per-request services once, so handlers never construct their own.
 *
 * @example app.use("/trpc/*", init());
 */
export function init() {
  return createMiddleware<HonoEnv>(async (c, next) => {
    c.set("requestId", crypto.randomUUID());
    c.set("db", createDb(c.env.DB));
    await next();
  });
}
