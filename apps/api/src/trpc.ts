import { initTRPC, TRPCError } from "@trpc/server";
import { authenticate, presentedTokenHash } from "./auth/authenticate";
import type { ApiContext } from "./context";
import { ApiErrorCause, ConfigurationError } from "./errors";

/** `steps[1].headers.Authorization` from zod's `["steps", 1, "headers", "Authorization"]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

interface ValidationIssue {
  path: string;
  message: string;
}

/** Zod issues reduced to path + message: zod may keep the rejected input on an issue; we never echo it. */
function validationIssues(cause: unknown): ValidationIssue[] | undefined {
  if (!cause || typeof cause !== "object" || !("issues" in cause) || !Array.isArray(cause.issues)) return;
  return cause.issues.map((issue: { path?: PropertyKey[]; message?: string }) => ({
    path: formatIssuePath(issue.path ?? []),
    message: String(issue.message ?? "invalid"),
  }));
}

const t = initTRPC.context<ApiContext>().create({
  // Never attach stacks: they can quote source lines and values.
  isDev: false,
  errorFormatter({ shape, error }) {
    const issues = validationIssues(error.cause);
    let message = shape.message;
    if (issues) {
      message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    } else if (error.code === "PARSE_ERROR" || error.cause instanceof SyntaxError) {
      // JSON.parse messages quote the body around the error, and the body may hold a secret value.
      message = "the request body is not valid JSON";
    } else if (error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof ConfigurationError)) {
      message = "internal error: the request was not completed, try again later";
    }
    const detail = error.cause instanceof ApiErrorCause ? error.cause.detail : {};
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        issues,
        ...detail,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure;

/** Every procedure except signUp/signIn: a valid, unexpired, unrevoked bearer token. */
export const protectedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const auth = await authenticate(ctx);
  return next({ ctx: { ...ctx, auth } });
});

/**
 * For hot reads only: the bearer token is parsed and hashed, but NOT yet verified. The procedure
 * must fetch `tokenLookup` in the same D1 batch as its data and call `verifyTokenRow` before it
 * returns anything (see secrets.list). Saves one D1 round trip per call.
 */
export const batchedAuthProcedure = t.procedure.use(async ({ ctx, next }) => {
  const tokenHash = await presentedTokenHash(ctx);
  return next({ ctx: { ...ctx, tokenHash } });
});

export { TRPCError };
