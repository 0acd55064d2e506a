CREATE TABLE `customer_health_nights` (
	`customer_id` text NOT NULL,
	`day` text NOT NULL,
	`region_id` text NOT NULL,
	`score` integer NOT NULL,
	`band` text NOT NULL,
	`weakest` text NOT NULL,
	`red_since` text,
	PRIMARY KEY(`customer_id`, `day`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_health_nights_region_day_idx` ON `customer_health_nights` (`region_id`,`day`);
--> statement-breakpoint
CREATE TABLE `renewal_preparations` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL,
	`contract_end_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `renewal_preparations_contract_end_idx` ON `renewal_preparations` (`contract_id`,`contract_end_at`);
--> statement-breakpoint
CREATE TABLE `renewal_checks` (
	`preparation_id` text NOT NULL,
	`item` text NOT NULL,
	`done_by` text NOT NULL,
	`done_at` integer NOT NULL,
	PRIMARY KEY(`preparation_id`, `item`),
	FOREIGN KEY (`preparation_id`) REFERENCES `renewal_preparations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
