// The local stack and its tools, for the root scripts (`pnpm dev`, `pnpm bench`), the e2e suite,
// the extension's browser tests and the benches. Node only.
export { renderReport, type Section, type SuiteResult } from "./bench/bench-markdown";
export { type StartedWorker, startWorker, type WorkerOptions } from "./bench/start-worker";
export { DEMO_ACCOUNT, seedDemoAccount } from "./demo/demo-account";
export { startDemoSink } from "./demo/demo-sink";
export { startDemoSmtp } from "./demo/demo-smtp";
export {
  chargeAndNotify,
  SEED_SECRET_NAMES,
  type SeedTargets,
  SIGNATURE_HEADER,
  scheduledDigest,
  seedSecretPolicies,
  verifiedWebhook,
} from "./demo/seed-examples";
export { callTrpc, TrpcCallError } from "./demo/trpc-http";
export { assertPortFree, findFreePort, PortInUseError } from "./process/ports";
export {
  closeServer,
  type HttpRecord,
  serverUrl,
  startEchoServer,
  startSlackReceiver,
} from "./receivers/http-receivers";
export { apiDir, devPersistDir, extensionDir, repoRoot, runnerDir, wranglerCli } from "./repo-paths";
export { startCronTicker } from "./stack/cron-ticker";
export { buildExtension, type ExtensionBuildResult, extensionOutputDir } from "./stack/extension-build";
export { type Stack, type StackOptions, startStack } from "./stack/start-stack";
export { startTestStack, type TestStack } from "./stack/test-stack";
export { prepareIsolatedConfig, writeIsolatedConfig } from "./wrangler/isolated-config";
export { offlineEnv } from "./wrangler/offline-env";
export { parseJsonc } from "./wrangler/parse-jsonc";
