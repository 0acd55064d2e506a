CREATE TABLE `wall_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`region_id` text NOT NULL,
	`kind` text NOT NULL,
	`task_id` text,
	`actor_id` text,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wall_events_region_time_idx` ON `wall_events` (`region_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `wall_events_task_idx` ON `wall_events` (`task_id`);--> statement-breakpoint
ALTER TABLE `escalations` ADD `subject_owner_id` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `escalations` ADD `title` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `evidence_required` text;