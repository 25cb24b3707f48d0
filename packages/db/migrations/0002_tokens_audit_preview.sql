-- 0002: previews under the new rule (issue 11, item 10).
-- The old rule stored 8 dots (values under 16 characters), 8 dots + the last 4 (16-23) or the first 4 +
-- 8 dots + the last 4 (24+). The old preview's length therefore says which bucket the value was in, and
-- for the 24+ bucket its last 4 characters ARE the value's last 4. So the new preview is computed
-- exactly from the old one (no value is needed): 12 dots + those 4 for a 16-character preview, 16 dots
-- for anything else. length() and substr() count code points, as createPreview does. Idempotent: a
-- preview already in the new form maps to itself.
UPDATE `secrets` SET `preview` = CASE
	WHEN length(`preview`) = 16 THEN '••••••••••••' || substr(`preview`, -4)
	ELSE '••••••••••••••••'
END;
--> statement-breakpoint
-- Personal access tokens get scopes and an expiry (issue 11, item 8). A session's scopes stay NULL (it may
-- do everything). Tokens made before scopes existed could do everything, so they keep every scope rather
-- than break the scripts using them; one that never expired now expires 90 days after this migration, and
-- none lives longer than 365 days from now (the new maximum).
ALTER TABLE `api_tokens` ADD `scopes` text;
--> statement-breakpoint
UPDATE `api_tokens` SET `scopes` = 'read runs:read secrets:write workflows:write' WHERE `kind` = 'personal';
--> statement-breakpoint
UPDATE `api_tokens` SET `expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days')
	WHERE `kind` = 'personal' AND `expires_at` IS NULL;
--> statement-breakpoint
UPDATE `api_tokens` SET `expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+365 days')
	WHERE `kind` = 'personal' AND `expires_at` > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+365 days');
--> statement-breakpoint
-- Audit events for sign-ins, tokens and workflow changes (issue 11, item 9): secret_name becomes optional
-- and the new events get their own columns. SQLite cannot drop a NOT NULL, so the table is rebuilt; every
-- existing row is copied. Nothing references audit_events.
CREATE TABLE `audit_events_new` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`action` text NOT NULL,
	`secret_name` text,
	`actor` text NOT NULL,
	`workflow_id` text,
	`workflow_name` text,
	`definition_sha256` text,
	`run_id` text,
	`token_id` text,
	`token_name` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `audit_events_new` (`id`, `user_id`, `action`, `secret_name`, `actor`, `workflow_id`, `run_id`, `created_at`)
	SELECT `id`, `user_id`, `action`, `secret_name`, `actor`, `workflow_id`, `run_id`, `created_at` FROM `audit_events`;
--> statement-breakpoint
DROP TABLE `audit_events`;
--> statement-breakpoint
ALTER TABLE `audit_events_new` RENAME TO `audit_events`;
--> statement-breakpoint
CREATE INDEX `audit_events_user_created_idx` ON `audit_events` (`user_id`,`created_at`);
--> statement-breakpoint
-- Runs outlive their workflow (issue 11, item 9): runs.workflow_id loses its ON DELETE CASCADE foreign key
-- and runs get the deleted workflow's name and deletion time. A foreign key cannot be dropped in SQLite,
-- so runs is rebuilt, and run_steps with it: dropping the old runs table would cascade-delete run_steps
-- (DROP TABLE performs an implicit DELETE, whose ON DELETE actions run even with deferred checks). Order:
-- copy runs, copy run_steps into a table that references the copy, drop run_steps, drop runs, rename
-- both (the rename rewrites run_steps' reference to `runs`). Every row is copied.
CREATE TABLE `runs_new` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`user_id` text NOT NULL,
	`workflow_name` text,
	`workflow_deleted_at` text,
	`trigger_type` text NOT NULL,
	`trigger_input` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`error` text,
	`scheduled_for` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`started_at` text,
	`finished_at` text
);
--> statement-breakpoint
INSERT INTO `runs_new` (`id`, `workflow_id`, `user_id`, `trigger_type`, `trigger_input`, `status`, `error`, `scheduled_for`, `created_at`, `started_at`, `finished_at`)
	SELECT `id`, `workflow_id`, `user_id`, `trigger_type`, `trigger_input`, `status`, `error`, `scheduled_for`, `created_at`, `started_at`, `finished_at` FROM `runs`;
--> statement-breakpoint
CREATE TABLE `run_steps_new` (
	`run_id` text NOT NULL,
	`step_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`request` text,
	`response` text,
	`output` text,
	`console` text,
	`error` text,
	`attempts` integer DEFAULT 1 NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`duration_ms` integer,
	FOREIGN KEY (`run_id`) REFERENCES `runs_new`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `run_steps_new` SELECT `run_id`, `step_id`, `step_index`, `type`, `status`, `request`, `response`, `output`, `console`, `error`, `attempts`, `started_at`, `finished_at`, `duration_ms` FROM `run_steps`;
--> statement-breakpoint
DROP TABLE `run_steps`;
--> statement-breakpoint
DROP TABLE `runs`;
--> statement-breakpoint
ALTER TABLE `runs_new` RENAME TO `runs`;
--> statement-breakpoint
ALTER TABLE `run_steps_new` RENAME TO `run_steps`;
--> statement-breakpoint
CREATE INDEX `runs_user_created_idx` ON `runs` (`user_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `runs_workflow_created_idx` ON `runs` (`workflow_id`,`created_at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_steps_pk` ON `run_steps` (`run_id`,`step_id`);
