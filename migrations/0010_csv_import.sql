ALTER TABLE `customers` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_id_idx` ON `customers` (`external_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_external_id_idx` ON `contacts` (`external_id`);--> statement-breakpoint
ALTER TABLE `contracts` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_external_id_idx` ON `contracts` (`external_id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_external_id_idx` ON `orders` (`external_id`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`region_id` text NOT NULL,
	`file_name` text NOT NULL,
	`encoding` text NOT NULL,
	`headers` text NOT NULL,
	`mapping` text NOT NULL,
	`origin` text NOT NULL,
	`status` text NOT NULL,
	`total_rows` integer NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`cursor_offset` integer DEFAULT 0 NOT NULL,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`unchanged_count` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`statement_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_region_created_idx` ON `imports` (`region_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `imports_status_updated_idx` ON `imports` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `import_errors` (
	`import_id` text NOT NULL,
	`row` integer NOT NULL,
	`column` text,
	`reason` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_errors_import_row_idx` ON `import_errors` (`import_id`,`row`);
