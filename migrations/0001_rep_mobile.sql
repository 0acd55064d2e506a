CREATE TABLE `region_stats` (
	`region_id` text PRIMARY KEY NOT NULL,
	`contract_value_p90_cents` integer NOT NULL,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `customers` ADD `health_weakest` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `first_touch_channel` text;