CREATE TABLE `one_time_secrets` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`secret` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `one_time_secrets_expires_idx` ON `one_time_secrets` (`expires_at`);--> statement-breakpoint
CREATE TABLE `webhook_signatures_seen` (
	`key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_signatures_seen_expires_idx` ON `webhook_signatures_seen` (`expires_at`);--> statement-breakpoint
ALTER TABLE `escalations` ADD `title_zh` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `due_at` integer;--> statement-breakpoint
-- Escalations opened before due times were recorded: the best known time is when they opened.
UPDATE `escalations` SET `due_at` = `opened_at` WHERE `due_at` IS NULL;--> statement-breakpoint
CREATE INDEX `escalations_region_status_due_idx` ON `escalations` (`region_id`,`status`,`due_at`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `title_key` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `body_key` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `message_params` text;--> statement-breakpoint
ALTER TABLE `task_templates` ADD `title_zh` text;--> statement-breakpoint
ALTER TABLE `task_templates` ADD `description_zh` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `title_zh` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `description_zh` text;