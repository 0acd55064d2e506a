CREATE TABLE `daily_rollups` (
	`region_id` text NOT NULL,
	`day` text NOT NULL,
	`metric` text NOT NULL,
	`city_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`dimension` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`region_id`, `day`, `metric`, `city_id`, `rep_id`, `dimension`),
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `daily_first_responses` (
	`region_id` text NOT NULL,
	`day` text NOT NULL,
	`lead_id` text NOT NULL,
	`city_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`response_ms` integer NOT NULL,
	PRIMARY KEY(`region_id`, `day`, `lead_id`),
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `daily_first_responses_time_idx` ON `daily_first_responses` (`region_id`,`day`,`response_ms`);--> statement-breakpoint
CREATE TABLE `rollup_days` (
	`region_id` text NOT NULL,
	`day` text NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`region_id`, `day`),
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
