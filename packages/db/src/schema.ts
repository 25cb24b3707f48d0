import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * D1 schema shared by the API (writes users, tokens, secrets, workflows, queued runs) and the runner
 * (claims runs, writes masked step results). Timestamps are ISO-8601 UTC strings (`toISOString()`),
 * which sort lexicographically. No column ever holds a plaintext secret value.
 */

/** A secret's liveness check: one request, sent by the runner with the secret's current value. */
export type LivenessCheck = {
  method: "GET" | "HEAD" | "POST";
  url: string;
  headers?: Record<string, string>;
};

const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["session", "personal"] }).notNull(),
    name: text("name").notNull(),
    /** SHA-256 hex of the token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    /**
     * A personal token's scopes, space-separated and sorted (`read secrets:write`); NULL for a session,
     * which may do everything. See apps/api/src/services/token-scopes.ts.
     */
    scopes: text("scopes"),
    createdAt: createdAt(),
    expiresAt: text("expires_at"),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId, t.kind)],
);

/**
 * Sign-in and sign-up throttles (apps/api/src/services/throttle.ts): one row per key, e.g. one
 * account from one client, one account overall, one client. Times are epoch milliseconds. Each row
 * carries the policy it is counted under (free attempts, backoff, window), so one statement can
 * claim an attempt on several keys with different policies.
 */
export const authThrottle = sqliteTable(
  "auth_throttle",
  {
    key: text("key").primaryKey(),
    /** Attempts counted in the current window (a successful sign-in takes its own back). */
    attempts: integer("attempts").notNull(),
    lastAttemptAt: integer("last_attempt_at").notNull(),
    /** No attempt on this key is allowed before this time. */
    nextAllowedAt: integer("next_allowed_at").notNull(),
    /** After this the row counts for nothing and may be deleted. */
    expiresAt: integer("expires_at").notNull(),
    freeAttempts: integer("free_attempts").notNull(),
    baseDelayMs: integer("base_delay_ms").notNull(),
    maxDelayMs: integer("max_delay_ms").notNull(),
    windowMs: integer("window_ms").notNull(),
  },
  (t) => [index("auth_throttle_expires_idx").on(t.expiresAt)],
);

export const secrets = sqliteTable(
  "secrets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** `text` until typed secrets; sealed into the v2 aad. */
    type: text("type").notNull().default("text"),
    /**
     * Canonical JSON `{"destinations":[…],"scripts":<bool>}` sealed into the aad, or NULL for a legacy
     * row sealed under `wfs/v1` (unrestricted). Written only together with a new envelope.
     */
    policy: text("policy"),
    /**
     * `wfs1.<kid>.<enc>.<ct>`, sealed with aad `secretAadForRow(row)`: `wfs/v2|user=…|secret=…|version=…|type=…|policy=…`,
     * or `wfs/v1|user=<userId>|secret=<id>|version=<version>` when policy is NULL.
     */
    envelope: text("envelope").notNull(),
    kid: text("kid").notNull(),
    preview: text("preview").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
    lastUsedAt: text("last_used_at"),
    /** A typed secret's non-secret fields as JSON (shown by `secrets.list`); the sealed copy is the one used. */
    publicFields: text("public_fields", { mode: "json" }).$type<Record<string, string>>(),
    /** Set when an OAuth2 refresh was refused (revoked grant, invalid client); cleared by a new value. */
    needsReconnectAt: text("needs_reconnect_at"),
    /**
     * The version sealed into the current envelope's aad when it differs from `version` (after a rollback,
     * which makes a kept envelope current under a new number without opening it); NULL: same as version.
     * Open with `secretAadForRow({ ...row, version: sealedVersion ?? version })`.
     */
    sealedVersion: integer("sealed_version"),
    /** Versions before the current one kept sealed (rollback, masking); older ones are deleted. */
    versionsKept: integer("versions_kept").notNull().default(5),
    /** Who wrote the current envelope: `session:<tokenId>`, `token:<tokenId>` or `runner`. */
    updatedBy: text("updated_by").notNull().default("unknown"),
    /** When the current value stops working: set by the user, or read from a JWT's `exp` at entry. */
    expiresAt: text("expires_at"),
    /** The secret is `expiring` this many days before expiresAt. */
    expiryWarningDays: integer("expiry_warning_days").notNull().default(14),
    /** The state the runner last recorded and audited (see lifecycle/secret-state.ts). */
    state: text("state", { enum: ["ok", "expiring", "expired", "failing", "unused"] })
      .notNull()
      .default("ok"),
    /** Set when the last 3 finished runs that used it failed with 401/403 at a step that used it. */
    failingSince: text("failing_since"),
    /** Optional liveness check: `{ method, url, headers }` whose templates reference only this secret. */
    livenessCheck: text("liveness_check", { mode: "json" }).$type<LivenessCheck>(),
    /** Minutes between scheduled checks; NULL: on demand only. */
    livenessEveryMinutes: integer("liveness_every_minutes"),
    /** Set by `secrets.checkLiveness`; the runner's next cron tick runs the check and clears it. */
    livenessRequestedAt: text("liveness_requested_at"),
    livenessCheckedAt: text("liveness_checked_at"),
    /** The last outcome only: the HTTP status (`"200"`), or `error: <masked reason>`. */
    livenessResult: text("liveness_result"),
  },
  (t) => [uniqueIndex("secrets_user_name_idx").on(t.userId, t.name), index("secrets_kid_idx").on(t.kid)],
);

/**
 * One OAuth2 refresh at a time per credential (migration 0006): taken with a compare-and-set, given
 * back once the new tokens are sealed and stored. Times are epoch milliseconds.
 */
export const oauthRefreshLeases = sqliteTable("oauth_refresh_leases", {
  secretId: text("secret_id")
    .primaryKey()
    .references(() => secrets.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  /** The secret version the refresh started from. */
  fromVersion: integer("from_version").notNull(),
  /** Set just before the token endpoint is called (a stale lease with it set may have spent a refresh token). */
  requestSentAt: integer("request_sent_at"),
  expiresAt: integer("expires_at").notNull(),
});

export const oauthConnectStatuses = [
  "pending",
  "code_received",
  "exchanging",
  "connected",
  "failed",
] as const;
export type OAuthConnectStatus = (typeof oauthConnectStatuses)[number];

/**
 * An authorization-code connect in flight. `envelope` is `{ codeVerifier, tokenUrl, clientId, redirectUri,
 * clientSecret?, scope? }` sealed by the API at `oauth.start`; `code_envelope` the code, sealed at the
 * callback; the runner exchanges it using only the sealed values. `config` repeats the non-secret part
 * for display (`{ tokenUrl, clientId, scope, redirectUri }`): editing it changes nothing the runner sends.
 */
export const oauthConnects = sqliteTable(
  "oauth_connects",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretName: text("secret_name").notNull(),
    /** SHA-256 hex of the `state` parameter. */
    stateHash: text("state_hash").notNull(),
    config: text("config", { mode: "json" }).notNull().$type<Record<string, string>>(),
    envelope: text("envelope").notNull(),
    codeEnvelope: text("code_envelope"),
    status: text("status", { enum: oauthConnectStatuses }).notNull().default("pending"),
    /** Masked; says what to do next. */
    error: text("error"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("oauth_connects_state_idx").on(t.stateHash),
    index("oauth_connects_user_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * Every kept version of a secret, the current one included, with the aad fields it was sealed with.
 * Written by the triggers of migration 0007 whenever `secrets.envelope`/`version` change (whichever code
 * path writes them), and first by a rollback. Never a value.
 */
export const secretVersions = sqliteTable(
  "secret_versions",
  {
    secretId: text("secret_id")
      .notNull()
      .references(() => secrets.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    version: integer("version").notNull(),
    /** The version number in this envelope's aad (differs from `version` for a rollback). */
    sealedVersion: integer("sealed_version").notNull(),
    envelope: text("envelope").notNull(),
    kid: text("kid").notNull(),
    type: text("type").notNull(),
    policy: text("policy"),
    preview: text("preview").notNull(),
    expiresAt: text("expires_at"),
    createdAt: text("created_at").notNull(),
    /** `session:<tokenId>`, `token:<tokenId>`, `runner`, or `unknown` (before migration 0007). */
    createdBy: text("created_by").notNull(),
    /** The kept version a rollback made current again as this version. */
    rolledBackFrom: integer("rolled_back_from"),
  },
  (t) => [primaryKey({ columns: [t.secretId, t.version] }), index("secret_versions_kid_idx").on(t.kid)],
);

export const secretVersionOutcomes = ["ok", "auth_failed", "failed"] as const;

/**
 * The version of each secret a run uses, pinned when the run first opens its secrets; `outcome` is written
 * when the run ends (`auth_failed`: 401/403 at a step that used the secret). Kept after the secret is deleted.
 */
export const runSecretVersions = sqliteTable(
  "run_secret_versions",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    secretId: text("secret_id").notNull(),
    userId: text("user_id").notNull(),
    secretName: text("secret_name").notNull(),
    version: integer("version").notNull(),
    outcome: text("outcome", { enum: secretVersionOutcomes }),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.secretId] }),
    index("run_secret_versions_secret_idx").on(t.secretId, t.createdAt),
  ],
);

export const workflows = sqliteTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The definition JSON as the user wrote it: templates only, never values. */
    definition: text("definition", { mode: "json" }).notNull(),
    triggerType: text("trigger_type", { enum: ["manual", "schedule", "webhook"] }).notNull(),
    cron: text("cron"),
    timezone: text("timezone"),
    nextRunAt: text("next_run_at"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    webhookId: text("webhook_id").unique(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("workflows_user_idx").on(t.userId), index("workflows_due_idx").on(t.enabled, t.nextRunAt)],
);

/** Secret names each workflow references (maintained on save), for `usedBy` and the runner's lookup. */
export const workflowSecretRefs = sqliteTable(
  "workflow_secret_refs",
  {
    workflowId: text("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    secretName: text("secret_name").notNull(),
  },
  (t) => [
    uniqueIndex("workflow_secret_refs_pk").on(t.workflowId, t.secretName),
    index("workflow_secret_refs_user_name_idx").on(t.userId, t.secretName),
  ],
);

/** `rejected`: a webhook delivery whose signature failed or that was replayed; no step ran. */
export const runStatuses = ["queued", "running", "succeeded", "failed", "rejected"] as const;
export type RunStatus = (typeof runStatuses)[number];

/**
 * Runs outlive their workflow: deleting a workflow keeps its run history (and the audit events that point
 * at it), so `workflow_id` is not a foreign key. The delete writes the workflow's last name and when it
 * was deleted into its runs.
 */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    workflowId: text("workflow_id").notNull(),
    userId: text("user_id").notNull(),
    /** The workflow's name when it was deleted; NULL while it exists (read its name from workflows). */
    workflowName: text("workflow_name"),
    workflowDeletedAt: text("workflow_deleted_at"),
    triggerType: text("trigger_type", { enum: ["manual", "schedule", "webhook"] }).notNull(),
    /**
     * The trigger as the run may show it: written by the runner, MASKED with the secrets the workflow
     * references, once it has opened them; NULL until then. The caller's original is sealed in
     * `run_triggers`. Scheduled runs store `{ scheduledFor }` here directly (no caller input).
     */
    triggerInput: text("trigger_input", { mode: "json" }),
    status: text("status", { enum: runStatuses }).notNull().default("queued"),
    /** Masked. */
    error: text("error"),
    scheduledFor: text("scheduled_for"),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
    /**
     * The runner's last sign of life for a running run: every stored step and every 30 s while a step is
     * in flight. The cron recovers a run whose heartbeat is older than the stale bound (migration 0005).
     */
    heartbeatAt: text("heartbeat_at"),
    /** How many times the cron re-sent this run after its heartbeat went stale. */
    recoveries: integer("recoveries").notNull().default(0),
  },
  (t) => [
    index("runs_user_created_idx").on(t.userId, t.createdAt),
    index("runs_workflow_created_idx").on(t.workflowId, t.createdAt),
    // Not on heartbeat_at: it moves with every step, an index on it would cost a write each time.
    index("runs_status_idx").on(t.status),
    index("runs_workflow_status_idx").on(t.workflowId, t.status),
  ],
);

/**
 * The trigger of a manual or webhook run as the caller sent it (it can hold a vault secret's value, e.g.
 * a shared `Authorization` token), sealed at intake to the runner's public key with
 * `buildTriggerAad({ userId, workflowId, runId })`: `wfs1.<kid>.<enc>.<ct>`. A table of its own
 * because a row is capped at 2 MB in D1 and the run row also holds the masked copy. The row is deleted
 * when its run ends: a trigger in migration 0003 deletes it whenever `runs.status` leaves
 * queued/running, whichever code path writes the final status.
 */
export const runTriggers = sqliteTable("run_triggers", {
  runId: text("run_id")
    .primaryKey()
    .references(() => runs.id, { onDelete: "cascade" }),
  envelope: text("envelope").notNull(),
  createdAt: createdAt(),
});

export const stepStatuses = ["running", "succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** One row per executed step. Every text column is masked before it is written. */
export const runSteps = sqliteTable(
  "run_steps",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    type: text("type").notNull(),
    status: text("status", { enum: stepStatuses }).notNull(),
    /** The TEMPLATE form of what was sent (method, url, headers, body). */
    request: text("request", { mode: "json" }),
    /** Masked response: status, headers, body (truncated to 64 KiB). */
    response: text("response", { mode: "json" }),
    /** Masked step output, available to later steps as `{{steps.<id>.…}}`. */
    output: text("output", { mode: "json" }),
    console: text("console"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(1),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    durationMs: integer("duration_ms"),
    /** Credential-shaped values masked although unregistered: `[{ kind, label, field, count }]`, never values. */
    unregistered: text("unregistered", { mode: "json" }),
  },
  (t) => [uniqueIndex("run_steps_pk").on(t.runId, t.stepId)],
);

/**
 * Manual and webhook runs a user started per clock hour (UTC, `2026-12-02T10`), moved in the same
 * transaction that inserts a run (see lifecycle/run-limits.ts); the retention job deletes past hours.
 */
export const userHourlyRuns = sqliteTable(
  "user_hourly_runs",
  {
    userId: text("user_id").notNull(),
    hour: text("hour").notNull(),
    runs: integer("runs").notNull(),
  },
  (t) => [uniqueIndex("user_hourly_runs_pk").on(t.userId, t.hour)],
);

/** Retention when a user has not chosen one (also the column defaults of migration 0005). */
export const DEFAULT_RUN_RETENTION_DAYS = 30;
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** Per-user settings; a user without a row has the defaults. */
export const userSettings = sqliteTable("user_settings", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** Finished runs (and their steps) older than this many days are deleted by the runner's cron. */
  runRetentionDays: integer("run_retention_days").notNull().default(DEFAULT_RUN_RETENTION_DAYS),
  /** Audit events older than this many days are deleted by the runner's cron. */
  auditRetentionDays: integer("audit_retention_days").notNull().default(DEFAULT_AUDIT_RETENTION_DAYS),
  updatedAt: text("updated_at").notNull(),
});

export const auditActions = [
  "secret.created",
  "secret.rotated",
  "secret.deleted",
  "secret.used",
  "secret.resealed",
  /** The runner refreshed an OAuth2 credential's access token (and stored a rotated refresh token). */
  "secret.refreshed",
  /** An OAuth2 refresh was refused: the credential needs reconnecting. */
  "secret.needs_reconnect",
  /** An OAuth2 authorization-code connect stored new tokens. */
  "secret.connected",
  "secret.rolled_back",
  "secret.state_changed",
  "secret.configured",
  "sign_in.succeeded",
  /** A wrong password for an existing account (an unknown email has no account to log it to). */
  "sign_in.failed",
  "token.created",
  "token.revoked",
  "workflow.created",
  "workflow.updated",
  "workflow.deleted",
  "workflow.enabled",
  "workflow.disabled",
  /** A webhook delivery failed signature verification or was a replay (its run ended `rejected`). */
  "webhook.rejected",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Who did what to which secret, token or workflow, and sign-ins. Never holds a value or a definition. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    action: text("action", { enum: auditActions }).notNull(),
    /** For `secret.*` events. */
    secretName: text("secret_name"),
    /** `token:<tokenId>` for API calls, `runner` for runs and re-sealing, `anonymous` for a failed sign-in. */
    actor: text("actor").notNull(),
    workflowId: text("workflow_id"),
    /** The workflow's name at the time of a `workflow.*` event. */
    workflowName: text("workflow_name"),
    /** SHA-256 hex of the canonical JSON of the definition a `workflow.*` event saved (or deleted). */
    definitionSha256: text("definition_sha256"),
    runId: text("run_id"),
    /** The token a `token.*` event created or revoked, or the session a sign-in started. */
    tokenId: text("token_id"),
    tokenName: text("token_name"),
    /** What changed, never a value: `{"from":"ok","to":"expiring"}`, `{"version":7,"from":3}`. */
    detail: text("detail", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_user_created_idx").on(t.userId, t.createdAt)],
);

/** Deliveries a verified webhook accepted (migration 0004): a repeated delivery id is a replay. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    workflowId: text("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    /** SHA-256 hex of the delivery id (the provider's id header, else the signature). */
    deliveryHash: text("delivery_hash").notNull(),
    runId: text("run_id").notNull(),
    seenAt: text("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.deliveryHash] })],
);
