import * as schema from "./schema";

export { createDb, type Db } from "./client";
export { type IdKind, idPrefixes, newId, newWebhookId } from "./lifecycle/ids";
export { firstRunAt, isValidTimezone, nextRunAt, ScheduleError } from "./lifecycle/next-run-at";
export { type OAuthConnectMessage, oauthConnectMessageSchema } from "./lifecycle/oauth-connect-message";
export {
  type QueueRunInput,
  type QueueRunResult,
  queueRun,
  RUN_NOT_QUEUED_MESSAGE,
  TRIGGER_TOO_LARGE_MESSAGE,
} from "./lifecycle/queue-run";
export { hourOf, type RunLimitRefusal, type RunLimits } from "./lifecycle/run-limits";
export { type RunMessage, type RunsQueue, runMessageSchema } from "./lifecycle/run-message";
export { MAX_SEALED_TRIGGER_CHARS, openTrigger, sealTrigger } from "./lifecycle/sealed-trigger";
export {
  DEFAULT_EXPIRY_WARNING_DAYS,
  describeSecretState,
  FAILING_STREAK,
  type SecretState,
  secretStateSql,
  secretStates,
  UNUSED_AFTER_DAYS,
} from "./lifecycle/secret-state";
export { MAX_MESSAGES_PER_SEND, sendRunMessages } from "./lifecycle/send-run-messages";
export {
  MAX_RUN_STORED_CHARS,
  runStoredBound,
  STORED_FIELD_LIMITS,
  stepStoredBound,
} from "./lifecycle/stored-bounds";
export * from "./schema";
export { schema };
