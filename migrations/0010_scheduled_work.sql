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
CREATE INDEX `customer_health_nights_region_day_idx` ON `customer_health_nights` (`region_id`,`day`);--> statement-breakpoint
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
CREATE TABLE `import_errors` (
	`import_id` text NOT NULL,
	`row` integer NOT NULL,
	`column` text,
	`reason` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_errors_import_row_idx` ON `import_errors` (`import_id`,`row`);--> statement-breakpoint
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
CREATE TABLE `job_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`job` text NOT NULL,
	`region_id` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`rows_touched` integer,
	`errors` integer,
	`last_error` text,
	`requested_by` text,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `job_runs_started_idx` ON `job_runs` (`started_at`);--> statement-breakpoint
CREATE INDEX `job_runs_region_started_idx` ON `job_runs` (`region_id`,`started_at`);--> statement-breakpoint
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
CREATE INDEX `point_awards_user_time_idx` ON `point_awards` (`user_id`,`earned_at`);--> statement-breakpoint
CREATE TABLE `renewal_checks` (
	`preparation_id` text NOT NULL,
	`item` text NOT NULL,
	`done_by` text NOT NULL,
	`done_at` integer NOT NULL,
	PRIMARY KEY(`preparation_id`, `item`),
	FOREIGN KEY (`preparation_id`) REFERENCES `renewal_preparations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `renewal_preparations` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL,
	`contract_end_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `renewal_preparations_contract_end_idx` ON `renewal_preparations` (`contract_id`,`contract_end_at`);--> statement-breakpoint
CREATE TABLE `rollup_days` (
	`region_id` text NOT NULL,
	`day` text NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`region_id`, `day`),
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
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
CREATE INDEX `silent_customer_reminders_region_day_idx` ON `silent_customer_reminders` (`region_id`,`day`,`owner_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_external_id_idx` ON `contacts` (`external_id`);--> statement-breakpoint
ALTER TABLE `contracts` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_external_id_idx` ON `contracts` (`external_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_id_idx` ON `customers` (`external_id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_external_id_idx` ON `orders` (`external_id`);--> statement-breakpoint
ALTER TABLE `regions` ADD `silent_after_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
CREATE INDEX `leads_customer_idx` ON `leads` (`customer_id`);--> statement-breakpoint
CREATE INDEX `visits_region_commitment_idx` ON `visits` (`region_id`,`commitment_due_at`);