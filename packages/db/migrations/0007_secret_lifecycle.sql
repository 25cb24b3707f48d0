-- Secret lifecycle (issue 16): kept versions and rollback, expiry and health, versions pinned per run,
-- and what the runner found in step results that nobody registered.
--
-- secrets.sealed_version: the version number sealed into the current envelope's aad, when it differs
-- from `version` (a rollback makes a kept envelope current under a new version number without opening
-- it: its aad still names the version it was sealed as). NULL means "the same as version".
ALTER TABLE `secrets` ADD `sealed_version` integer;
--> statement-breakpoint
-- How many versions before the current one are kept sealed (default 5), for rollback and masking.
ALTER TABLE `secrets` ADD `versions_kept` integer DEFAULT 5 NOT NULL;
--> statement-breakpoint
-- Who wrote the current envelope: `session:<tokenId>`, `token:<tokenId>` or `runner`.
ALTER TABLE `secrets` ADD `updated_by` text DEFAULT 'unknown' NOT NULL;
--> statement-breakpoint
-- When the current value stops working (set by the user, or read from a JWT's `exp` at entry).
ALTER TABLE `secrets` ADD `expires_at` text;
--> statement-breakpoint
-- A secret is `expiring` this many days before expires_at.
ALTER TABLE `secrets` ADD `expiry_warning_days` integer DEFAULT 14 NOT NULL;
--> statement-breakpoint
-- The state last recorded (and audited) by the runner: ok, expiring, expired, failing, unused.
ALTER TABLE `secrets` ADD `state` text DEFAULT 'ok' NOT NULL;
--> statement-breakpoint
-- Set by the runner when the last 3 finished runs that used the secret failed with 401/403 at a step that
-- used it; cleared by a run that used it without such a failure, and by a new value.
ALTER TABLE `secrets` ADD `failing_since` text;
--> statement-breakpoint
-- Optional liveness check: a request template (`{"method","url","headers"}`, templates referencing only this
-- secret) the runner's cron sends every `liveness_every_minutes` (NULL: on demand only) or when asked
-- (`liveness_requested_at`). Only the outcome is kept: the HTTP status, or a short masked error.
ALTER TABLE `secrets` ADD `liveness_check` text;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `liveness_every_minutes` integer;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `liveness_requested_at` text;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `liveness_checked_at` text;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `liveness_result` text;
--> statement-breakpoint
-- Every kept version of every secret, the current one included, each with the aad fields it was sealed
-- with (sealed_version, type, policy): opening needs exactly those. Never a value.
CREATE TABLE `secret_versions` (
	`secret_id` text NOT NULL,
	`user_id` text NOT NULL,
	`version` integer NOT NULL,
	`sealed_version` integer NOT NULL,
	`envelope` text NOT NULL,
	`kid` text NOT NULL,
	`type` text NOT NULL,
	`policy` text,
	`preview` text NOT NULL,
	`expires_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`rolled_back_from` integer,
	PRIMARY KEY (`secret_id`, `version`),
	FOREIGN KEY (`secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `secret_versions_kid_idx` ON `secret_versions` (`kid`);
--> statement-breakpoint
-- Existing secrets: their current version becomes the first kept one.
INSERT INTO `secret_versions` (`secret_id`, `user_id`, `version`, `sealed_version`, `envelope`, `kid`, `type`, `policy`, `preview`, `expires_at`, `created_at`, `created_by`)
	SELECT `id`, `user_id`, `version`, `version`, `envelope`, `kid`, `type`, `policy`, `preview`, NULL, `updated_at`, 'unknown' FROM `secrets`;
--> statement-breakpoint
-- Whatever code path writes a secret's envelope (create, rotate, rollback, a later typed-secret update,
-- the key-rotation re-seal), its version is kept: a new version number adds a row, the same version
-- (a re-seal under a new key, a new expiry) updates the row's envelope, kid and expiry. A rollback writes its row first (with
-- the kept version's sealed_version), so the upsert below only refreshes the envelope. Versions older
-- than `versions_kept` before the current one are deleted.
CREATE TRIGGER `secret_versions_kept_on_insert`
AFTER INSERT ON `secrets`
BEGIN
	INSERT INTO `secret_versions` (`secret_id`, `user_id`, `version`, `sealed_version`, `envelope`, `kid`, `type`, `policy`, `preview`, `expires_at`, `created_at`, `created_by`)
		VALUES (NEW.`id`, NEW.`user_id`, NEW.`version`, coalesce(NEW.`sealed_version`, NEW.`version`), NEW.`envelope`, NEW.`kid`, NEW.`type`, NEW.`policy`, NEW.`preview`, NEW.`expires_at`, NEW.`updated_at`, NEW.`updated_by`)
		ON CONFLICT (`secret_id`, `version`) DO UPDATE SET `envelope` = excluded.`envelope`, `kid` = excluded.`kid`, `expires_at` = excluded.`expires_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `secret_versions_kept_on_update`
AFTER UPDATE OF `envelope`, `version`, `versions_kept`, `expires_at` ON `secrets`
BEGIN
	INSERT INTO `secret_versions` (`secret_id`, `user_id`, `version`, `sealed_version`, `envelope`, `kid`, `type`, `policy`, `preview`, `expires_at`, `created_at`, `created_by`)
		VALUES (NEW.`id`, NEW.`user_id`, NEW.`version`, coalesce(NEW.`sealed_version`, NEW.`version`), NEW.`envelope`, NEW.`kid`, NEW.`type`, NEW.`policy`, NEW.`preview`, NEW.`expires_at`, NEW.`updated_at`, NEW.`updated_by`)
		ON CONFLICT (`secret_id`, `version`) DO UPDATE SET `envelope` = excluded.`envelope`, `kid` = excluded.`kid`, `expires_at` = excluded.`expires_at`;
	DELETE FROM `secret_versions` WHERE `secret_id` = NEW.`id` AND `version` < NEW.`version` - NEW.`versions_kept`;
END;
--> statement-breakpoint
-- The version of each secret a run uses, pinned when the run first opens its secrets: every step, and a
-- redelivery that resumes the run, uses that version even if the secret is rotated meanwhile. `outcome`
-- is written when the run ends: ok, auth_failed (401/403 at a step that used the secret), failed.
CREATE TABLE `run_secret_versions` (
	`run_id` text NOT NULL,
	`secret_id` text NOT NULL,
	`user_id` text NOT NULL,
	`secret_name` text NOT NULL,
	`version` integer NOT NULL,
	`outcome` text,
	`created_at` text NOT NULL,
	PRIMARY KEY (`run_id`, `secret_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `run_secret_versions_secret_idx` ON `run_secret_versions` (`secret_id`, `created_at`);
--> statement-breakpoint
-- Credential-shaped values the runner masked in a step's stored results although no secret holds them:
-- JSON `[{ "kind", "label", "field", "count" }]`, never the value. NULL when nothing was found.
ALTER TABLE `run_steps` ADD `unregistered` text;
--> statement-breakpoint
-- What an audit event changed, never a value: `{"from":"ok","to":"expiring"}`, `{"version":7,"from":3}`.
ALTER TABLE `audit_events` ADD `detail` text;
