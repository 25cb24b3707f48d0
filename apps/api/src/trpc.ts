import { initTRPC, TRPCError } from "@trpc/server";
import { formatIssuePath } from "@workflow-secrets/templating";
import {
  type AuthenticatedUser,
  authenticate,
  presentedTokenHash,
  type TokenRow,
  verifyTokenRow,
} from "./auth/authenticate";
import { assertGrants, type RequiredAccess } from "./auth/token-scopes";
import type { ApiContext } from "./context";
import { ApiErrorCause, apiError, ConfigurationError } from "./errors";

export interface ValidationIssue {
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

/** Declared on every procedure by `protectedProcedure(access)`; read by the router walk in tests. */
export interface ProcedureMeta {
  access?: RequiredAccess;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
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

/** The access a procedure declared, or FORBIDDEN: a procedure that declared nothing answers nobody. */
function declaredAccess(meta: ProcedureMeta | undefined, path: string): RequiredAccess {
  if (meta?.access) return meta.access;
  throw apiError("FORBIDDEN", `${path} declares no access: nobody may call it`);
}

/**
 * Every procedure except signUp/signIn: a valid, unexpired, unrevoked bearer token that grants
 * `access` (token-scopes.ts). The ONE place scopes are enforced: there are no checks in procedures.
 */
export function protectedProcedure(access: RequiredAccess) {
  return t.procedure.meta({ access }).use(async ({ ctx, meta, path, next }) => {
    const required = declaredAccess(meta, path);
    const auth = await authenticate(ctx);
    assertGrants(auth, required, path);
    return next({ ctx: { ...ctx, auth } });
  });
}

/**
 * For hot reads only: the bearer token is parsed and hashed, but NOT yet verified. The procedure
 * must fetch `tokenLookup` in the same D1 batch as its data and call `ctx.authorize(row)` (which
 * verifies the token and its scope for `access`, as protectedProcedure does) before it returns
 * anything (see secrets.list). Saves one D1 round trip per call.
 */
export function batchedAuthProcedure(access: RequiredAccess) {
  return t.procedure.meta({ access }).use(async ({ ctx, meta, path, next }) => {
    const required = declaredAccess(meta, path);
    const tokenHash = await presentedTokenHash(ctx);
    const authorize = (row: TokenRow | undefined): AuthenticatedUser => {
      const auth = verifyTokenRow(ctx, row);
      assertGrants(auth, required, path);
      return auth;
    };
    return next({ ctx: { ...ctx, tokenHash, authorize } });
  });
}

export { TRPCError };
