import { trpcServer } from "@hono/trpc-server";
import { TRPCError } from "@trpc/server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ApiContext } from "./context";
import { loadConfig } from "./env";
import { ConfigurationError } from "./errors";
import type { HonoEnv } from "./hono-env";
import { init } from "./middleware/init";
import { logServerError } from "./middleware/log-server-error";
import { appRouter } from "./router/root";

export type { AppRouter } from "./router/root";

/** Secrets are ≤ 16 KiB and definitions ≤ 256 KiB; anything much larger is not a real request. */
const MAX_TRPC_BODY_BYTES = 1024 * 1024;
/** The runner stores a webhook's body with its run; it refuses more than this too. */
const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

const app = new Hono<HonoEnv>();

app.get("/healthz", (c) => c.json({ ok: true }));

// Readiness: the Worker can reach D1 (one trivial query, no tables, no user data).
app.get("/healthz/db", async (c) => {
  await c.env.DB.prepare("SELECT 1").first();
  return c.json({ ok: true, db: true });
});

// Webhooks enter at the API's origin and are forwarded unchanged: the runner has no public route.
// The bounded body is read here, not streamed through: the runner answers an unknown id without
// reading it, and a stream left half-read across the service binding breaks the next request.
app.post(
  "/hooks/:webhookId",
  bodyLimit({
    maxSize: MAX_WEBHOOK_BODY_BYTES,
    onError: (c) => c.json({ error: "payload too large (limit 1 MiB)" }, 413),
  }),
  async (c) => {
    const { url, method, headers } = c.req.raw;
    return c.env.RUNNER.fetch(new Request(url, { method, headers, body: await c.req.arrayBuffer() }));
  },
);

app.use(
  "/trpc/*",
  cors({
    origin: (origin) => (origin.startsWith("chrome-extension://") ? origin : null),
    allowHeaders: ["Authorization", "Content-Type"],
    allowMethods: ["GET", "POST", "OPTIONS"],
    maxAge: 600,
  }),
  bodyLimit({
    maxSize: MAX_TRPC_BODY_BYTES,
    onError: (c) => c.json({ error: "request body larger than 1 MiB" }, 413),
  }),
  init(),
  trpcServer({
    router: appRouter,
    endpoint: "/trpc",
    createContext: async (opts, c): Promise<ApiContext & Record<string, unknown>> => {
      let config: Awaited<ReturnType<typeof loadConfig>>;
      try {
        config = await loadConfig(c.env);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: error.message, cause: error });
      }
      return {
        db: c.get("db"),
        sealingKey: config.sealingKey,
        runsQueue: config.RUNS_QUEUE,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        authorization: opts.req.headers.get("authorization"),
      };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof ConfigurationError)) {
        logServerError(`trpc:${path ?? "?"}`, error.cause ?? error);
      }
    },
  }),
);

app.notFound((c) => c.json({ error: "not found" }, 404));

app.onError((error, c) => {
  if (error instanceof HTTPException) {
    if (error.status >= 500) logServerError(c.req.path, error, c.get("requestId"));
    return error.getResponse();
  }
  logServerError(c.req.path, error, c.get("requestId"));
  return c.json({ error: "internal error" }, 500);
});

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
