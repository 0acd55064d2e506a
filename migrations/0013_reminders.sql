ALTER TABLE `regions` ADD `silent_after_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
CREATE INDEX `leads_customer_idx` ON `leads` (`customer_id`);--> statement-breakpoint
CREATE INDEX `visits_region_commitment_idx` ON `visits` (`region_id`,`commitment_due_at`);--> statement-breakpoint
CREATE TABLE `silent_customer_reminders` (
	`customer_id` text NOT NULL,
	`last_interaction_at` integer NOT NULL,
	`owner_id` text NOT NULL,
	`region_id` text NOT NULL,
	`day` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `last_interaction_at`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `silent_customer_reminders_region_day_idx` ON `silent_customer_reminders` (`region_id`,`day`,`owner_id`);
