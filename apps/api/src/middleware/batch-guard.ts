import type { Context, MiddlewareHandler } from "hono";

/** The most calls one tRPC batch may hold (the client's `httpBatchLink` sends at most this many). */
export const MAX_BATCH_CALLS = 10;

/**
 * A `BAD_REQUEST` in tRPC's error shape, so tRPC clients read the message like any other error.
 * The (already size-limited) body is drained first: under `wrangler dev` an unread request body
 * breaks the next request to the Worker.
 */
async function refuse(c: Context, message: string) {
  if (c.req.method !== "GET") await c.req.raw.arrayBuffer().catch(() => undefined);
  return c.json(
    { error: { message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, path: null } } },
    400,
  );
}

/** The procedure paths of a `/trpc/<a>,<b>` URL, decoded the way tRPC decodes them; null if it cannot. */
function batchPaths(pathname: string): string[] | null {
  const trimmed = pathname.replace(/^\/+|\/+$/g, "").replace(/^trpc\/*/, "");
  try {
    return decodeURIComponent(trimmed).split(",");
  } catch {
    return null;
  }
}

/**
 * Refuses unsafe tRPC batches whole, before any call in them runs:
 * - more than MAX_BATCH_CALLS calls (one request must not do the work of hundreds);
 * - any `auth.*` call: each sign-in and sign-up must be its own request, so the throttle sees every
 *   attempt (a batch of 500 sign-ins once tried 500 passwords in one request).
 */
export function batchGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.searchParams.get("batch") !== "1") return next();
    const paths = batchPaths(url.pathname);
    if (!paths) return refuse(c, "the procedure path is not valid URL-encoding");
    if (paths.length > MAX_BATCH_CALLS) {
      return refuse(
        c,
        `a batch can hold at most ${MAX_BATCH_CALLS} calls, this one has ${paths.length}: send fewer calls per request`,
      );
    }
    if (paths.some((path) => /^auth(?:[./]|$)/.test(path))) {
      return refuse(c, "auth.* calls cannot be batched: send each one as its own request");
    }
    return next();
  };
}
