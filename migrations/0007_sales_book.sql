CREATE TABLE `deal_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`deal_id` text NOT NULL,
	`kind` text NOT NULL,
	`document_kind` text,
	`file_key` text,
	`file_name` text,
	`content_type` text,
	`size_bytes` integer,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_documents_deal_idx` ON `deal_documents` (`deal_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`product` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`,`position`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`contract_id` text,
	`owner_id` text NOT NULL,
	`region_id` text NOT NULL,
	`ordered_at` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text DEFAULT 'CNY' NOT NULL,
	`status` text DEFAULT 'placed' NOT NULL,
	`delivered_at` integer,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `orders_customer_time_idx` ON `orders` (`customer_id`,`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_owner_time_idx` ON `orders` (`owner_id`,`ordered_at`);--> statement-breakpoint
CREATE INDEX `orders_region_time_idx` ON `orders` (`region_id`,`ordered_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`due_at` integer NOT NULL,
	`paid_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payments_order_idx` ON `payments` (`order_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `payments_customer_due_idx` ON `payments` (`customer_id`,`due_at`);--> statement-breakpoint
CREATE TABLE `stage_gates` (
	`id` text PRIMARY KEY NOT NULL,
	`stage` text NOT NULL,
	`requirement` text NOT NULL,
	`document_kind` text,
	`label` text,
	`label_zh` text,
	`contact_role` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_gates_stage_idx` ON `stage_gates` (`stage`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `customer_id` text;--> statement-breakpoint
CREATE INDEX `audit_log_customer_idx` ON `audit_log` (`customer_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `decision_role` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `contracts` ADD `currency` text DEFAULT 'CNY' NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `contracts` ADD `deal_id` text REFERENCES deals(id);--> statement-breakpoint
ALTER TABLE `contracts` ADD `file_key` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `file_name` text;--> statement-breakpoint
ALTER TABLE `contracts` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `contracts` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `customers_email_idx` ON `customers` (`email`);--> statement-breakpoint
ALTER TABLE `deals` ADD `close_reason` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `close_reason` text;--> statement-breakpoint
-- Contracts that ended before statuses existed are expired, not active.
UPDATE `contracts` SET `status` = 'expired' WHERE `end_at` < cast(unixepoch('subsecond') * 1000 as integer);
