-- Sign-in and sign-up throttles per client, per account and per account+client (issue 11).
-- Replaces the per-email lockout table: its rows were short-lived failure records (15 minutes), so
-- dropping them only forgets failures that would have expired within the quarter hour.
CREATE TABLE `auth_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`last_attempt_at` integer NOT NULL,
	`next_allowed_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`free_attempts` integer NOT NULL,
	`base_delay_ms` integer NOT NULL,
	`max_delay_ms` integer NOT NULL,
	`window_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `auth_throttle_expires_idx` ON `auth_throttle` (`expires_at`);--> statement-breakpoint
DROP INDEX IF EXISTS `login_attempts_email_idx`;--> statement-breakpoint
DROP TABLE IF EXISTS `login_attempts`;
