-- Typed secrets and OAuth2. `public_fields` holds a typed secret's NON-secret fields (a user name, a
-- client id, a token URL, scopes, the access token's expiry) as JSON, for `secrets.list`; every field,
-- secret or not, is also sealed in the envelope, and the runner uses only the sealed copy.
-- `needs_reconnect_at` is set by the runner when an OAuth2 refresh was refused (revoked grant, invalid
-- client) and cleared by a new value.
ALTER TABLE `secrets` ADD `public_fields` text;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `needs_reconnect_at` text;
--> statement-breakpoint
-- At most one refresh per credential at a time: a runner takes the lease with a compare-and-set
-- (insert, or take over an expired lease) before it calls the token endpoint, and gives it back after
-- the new tokens are sealed and stored. `from_version` is the secret version the refresh started from:
-- `request_sent_at` is set just before the token endpoint is called: a lease that expired after that,
-- with the secret still at `from_version`, means its holder may have spent a single-use refresh token
-- and died before storing the new one, so the old refresh token is never sent again.
CREATE TABLE `oauth_refresh_leases` (
	`secret_id` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`from_version` integer NOT NULL,
	`request_sent_at` integer,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- An authorization-code connect in flight (`oauth.start` → callback → the runner's code exchange).
-- The API can seal but never open: the client secret and PKCE verifier are sealed to the runner's key
-- at start, the code at the callback; the runner exchanges it and stores the tokens. `state_hash` is
-- the SHA-256 of the `state` parameter (the state itself is never stored).
CREATE TABLE `oauth_connects` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_name` text NOT NULL,
	`state_hash` text NOT NULL,
	`config` text NOT NULL,
	`envelope` text NOT NULL,
	`code_envelope` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`error` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_connects_state_idx` ON `oauth_connects` (`state_hash`);
--> statement-breakpoint
CREATE INDEX `oauth_connects_user_idx` ON `oauth_connects` (`user_id`, `created_at`);
