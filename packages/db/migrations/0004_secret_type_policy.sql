-- A secret's type and its policy (where its value may be sent, whether scripts may read it). The
-- policy column holds the canonical JSON `{"destinations":[…],"scripts":<bool>}` that is also sealed
-- into the envelope's aad (`wfs/v2|…|type=<type>|policy=<policy>`): editing either column makes the
-- envelope fail to open as tampered. Existing rows keep policy NULL: sealed under `wfs/v1|…`, they
-- keep opening and count as unrestricted until their owner enters the value again.
ALTER TABLE `secrets` ADD `type` text DEFAULT 'text' NOT NULL;
--> statement-breakpoint
ALTER TABLE `secrets` ADD `policy` text;
