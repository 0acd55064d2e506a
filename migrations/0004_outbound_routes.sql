CREATE TABLE `notification_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`user_id` text,
	`region_id` text,
	`channel` text NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`rate_per_minute` integer DEFAULT 20 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notification_routes_user_idx` ON `notification_routes` (`user_id`);--> statement-breakpoint
CREATE INDEX `notification_routes_region_idx` ON `notification_routes` (`region_id`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `route_id` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `claimed_until` integer;