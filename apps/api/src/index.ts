import { trpcServer } from "@hono/trpc-server";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { clientAddress } from "./auth/client-address";
import type { ApiContext } from "./context";
import { loadConfig } from "./env";
import { ApiErrorCause, ConfigurationError } from "./errors";
import type { HonoEnv } from "./hono-env";
import { loadUsageLimits } from "./limits/usage-limits";
import { batchGuard, MAX_BATCH_CALLS } from "./middleware/batch-guard";
import { init } from "./middleware/init";
import { logServerError } from "./middleware/log-server-error";
import { oauthCallback } from "./oauth/callback";
import { appRouter } from "./router/root";
import { hooks } from "./webhooks/hooks";

export type { AppRouter } from "./router/root";

/** Secrets are ≤ 16 KiB and definitions ≤ 256 KiB; anything much larger is not a real request. */
const MAX_TRPC_BODY_BYTES = 1024 * 1024;

const app = new Hono<HonoEnv>();

app.get("/healthz", (c) => c.json({ ok: true }));

// Readiness: the Worker can reach D1 (one trivial query, no tables, no user data).
app.get("/healthz/db", async (c) => {
  await c.env.DB.prepare("SELECT 1").first();
  return c.json({ ok: true, db: true });
});

// Webhooks start runs here, like manual runs: the runner has no route at all.
app.route("/hooks", hooks);

// OAuth2 connects come back here; the runner exchanges the sealed code (see oauth/callback.ts).
app.route("/oauth", oauthCallback);

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
  batchGuard(),
  init(),
  trpcServer({
    router: appRouter,
    endpoint: "/trpc",
    // batchGuard answers first with a clearer message; this stays as a second line.
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: async (opts, c): Promise<ApiContext & Record<string, unknown>> => {
      let config: Awaited<ReturnType<typeof loadConfig>>;
      let limits: ReturnType<typeof loadUsageLimits>;
      try {
        config = await loadConfig(c.env);
        limits = loadUsageLimits(c.env);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: error.message, cause: error });
      }
      return {
        db: c.get("db"),
        sealingKey: config.sealingKey,
        runsQueue: config.RUNS_QUEUE,
        limits,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        authorization: opts.req.headers.get("authorization"),
        clientAddress: clientAddress(opts.req.headers),
        requestId: c.get("requestId"),
        requestOrigin: new URL(opts.req.url).origin,
      };
    },
    // A throttled call says when to come back, in the message and as `Retry-After`.
    responseMeta({ errors }) {
      const seconds = errors
        .map((e) => (e.cause instanceof ApiErrorCause ? e.cause.detail.retryAfterSeconds : undefined))
        .find((s) => s !== undefined);
      return seconds === undefined ? {} : { headers: { "Retry-After": String(seconds) } };
    },
    onError({ error, path, ctx }) {
      if (getHTTPStatusCodeFromError(error) >= 500 && !(error.cause instanceof ConfigurationError)) {
        logServerError(`trpc:${path ?? "?"}`, error.cause ?? error, ctx?.requestId);
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
