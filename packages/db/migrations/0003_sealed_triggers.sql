-- A run's trigger (webhook request, manual input) is sealed to the runner's key at intake and kept
-- here, not in runs.trigger_input, until the run ends; the runner stores a masked copy in
-- runs.trigger_input. A table of its own: a D1 row is capped at 2 MB and the run row holds the copy.
CREATE TABLE `run_triggers` (
	`run_id` text PRIMARY KEY NOT NULL,
	`envelope` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The sealed original is deleted when the run ends, whichever code path writes its final status
-- (succeeded, failed, a run failed at queue time, any later terminal state).
CREATE TRIGGER `run_triggers_deleted_when_run_ends`
AFTER UPDATE OF `status` ON `runs`
WHEN NEW.`status` NOT IN ('queued', 'running')
BEGIN
	DELETE FROM `run_triggers` WHERE `run_id` = NEW.`id`;
END;
