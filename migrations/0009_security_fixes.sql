CREATE TABLE `webhook_signatures_seen` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_signatures_seen_expires_idx` ON `webhook_signatures_seen` (`expires_at`);--> statement-breakpoint
CREATE TABLE `one_time_secrets` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`secret` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `one_time_secrets_expires_idx` ON `one_time_secrets` (`expires_at`);
