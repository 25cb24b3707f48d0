-- Runs report that they are alive: heartbeat_at moves with every step the runner stores and every
-- 30 s while a step is in flight. The runner's cron re-sends a running run whose heartbeat is older
-- than the stale bound (its consumer died: a crash, an exhausted Queue message), at most
-- MAX_RECOVERIES times (counted in `recoveries`), then fails it with a clear message.
ALTER TABLE `runs` ADD `heartbeat_at` text;
--> statement-breakpoint
ALTER TABLE `runs` ADD `recoveries` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Runs already running when this migration lands get their last known sign of life.
UPDATE `runs` SET `heartbeat_at` = coalesce(`started_at`, `created_at`) WHERE `status` = 'running';
--> statement-breakpoint
-- The cron's stale-run query reads running runs through this index. heartbeat_at is left out of it on
-- purpose: the heartbeat moves with every step, and an indexed column would cost an index write each time.
CREATE INDEX `runs_status_idx` ON `runs` (`status`);
--> statement-breakpoint
-- The cap on runs waiting to start per workflow counts them on this index (webhook intake, manual runs).
CREATE INDEX `runs_workflow_status_idx` ON `runs` (`workflow_id`,`status`);
--> statement-breakpoint
-- Per-user settings. History retention: the runner's cron deletes finished runs (with their steps)
-- older than run_retention_days and audit events older than audit_retention_days, in bounded batches.
-- A user without a row has the defaults (30 days, 365 days).
CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`run_retention_days` integer DEFAULT 30 NOT NULL,
	`audit_retention_days` integer DEFAULT 365 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Manual and webhook runs each user started per clock hour (UTC), moved in the transaction that inserts a
-- run, so the hourly quota reads one row instead of counting the user's runs.
CREATE TABLE `user_hourly_runs` (
	`user_id` text NOT NULL,
	`hour` text NOT NULL,
	`runs` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_hourly_runs_pk` ON `user_hourly_runs` (`user_id`,`hour`);
