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
