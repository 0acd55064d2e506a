-- Organisation and onboarding: region working hours and default language, users' chat ids,
-- and one-time invitation / password-reset links (only the SHA-256 of each token is stored).
ALTER TABLE `regions` ADD COLUMN `work_start` text;
--> statement-breakpoint
ALTER TABLE `regions` ADD COLUMN `work_end` text;
--> statement-breakpoint
ALTER TABLE `regions` ADD COLUMN `default_locale` text;
--> statement-breakpoint
ALTER TABLE `users` ADD COLUMN `chat_ids` text;
--> statement-breakpoint
CREATE TABLE `account_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`);
