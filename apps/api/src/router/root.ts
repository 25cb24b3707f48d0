import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { oauthRouter } from "../oauth/oauth-router";
import { createTRPCRouter } from "../trpc";
import { auditRouter } from "./audit";
import { authRouter } from "./auth";
import { runsRouter } from "./runs";
import { secretsRouter } from "./secrets";
import { settingsRouter } from "./settings";
import { tokensRouter } from "./tokens";
import { workflowsRouter } from "./workflows";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  tokens: tokensRouter,
  secrets: secretsRouter,
  workflows: workflowsRouter,
  runs: runsRouter,
  audit: auditRouter,
  settings: settingsRouter,
  oauth: oauthRouter,
});

/** The API's type, imported by the client, the extension and tests (types only, no Worker code). */
export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
