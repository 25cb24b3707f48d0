-- A secret's type and its policy (where its value may be sent, whether scripts may read it). The
-- policy column holds the canonical JSON `{"destinations":[…],"scripts":<bool>}` that is also sealed
-- into the envelope's aad (`wfs/v2|…|type=<type>|policy=<policy>`): editing either column makes the
-- envelope fail to open as tampered. Existing rows keep policy NULL: sealed under `wfs/v1|…`, they
-- keep opening and count as unrestricted until their owner enters the value again.
ALTER TABLE `secrets` ADD `type` text DEFAULT 'text' NOT NULL;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `policy` text;
--> statement-breakpoint
-- Deliveries a verified webhook accepted, per workflow: a second delivery with the same id (the
-- provider's delivery id, else its signature) is a replay and is rejected. The id is stored as its
-- SHA-256 hex, so a long signature header is a fixed-size key.
CREATE TABLE `webhook_deliveries` (
	`workflow_id` text NOT NULL,
	`delivery_hash` text NOT NULL,
	`run_id` text NOT NULL,
	`seen_at` text NOT NULL,
	PRIMARY KEY(`workflow_id`, `delivery_hash`),
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
