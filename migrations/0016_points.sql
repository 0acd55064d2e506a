CREATE TABLE `point_awards` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`region_id` text NOT NULL,
	`city_id` text,
	`rule` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`customer_id` text,
	`points` integer NOT NULL,
	`earned_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_id`) REFERENCES `cities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `point_awards_region_time_idx` ON `point_awards` (`region_id`,`earned_at`);--> statement-breakpoint
CREATE INDEX `point_awards_user_time_idx` ON `point_awards` (`user_id`,`earned_at`);
