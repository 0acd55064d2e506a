CREATE TABLE `feedback_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`region_id` text NOT NULL,
	`visit_id` text NOT NULL,
	`contact_id` text,
	`recipient_name` text,
	`phone` text,
	`email` text,
	`locale` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`answered_at` integer,
	`satisfaction` integer,
	`wants_call` integer,
	`comment` text,
	`step` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_requests_visit_idx` ON `feedback_requests` (`visit_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_requests_token_idx` ON `feedback_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `feedback_requests_customer_idx` ON `feedback_requests` (`customer_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `dormant_at` integer;--> statement-breakpoint
CREATE INDEX `customers_region_first_visit_idx` ON `customers` (`region_id`,`first_visit_at`);--> statement-breakpoint
ALTER TABLE `notification_routes` ADD `link_origin` text;