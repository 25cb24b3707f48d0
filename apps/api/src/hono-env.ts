import type { Db } from "@workflow-secrets/db";

/** The typed Hono env: bindings from `wrangler types`, per-request services set by `init`. */
export interface HonoEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
  };
}
