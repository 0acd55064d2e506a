-- Escalations carry the time they really became due (board shows "due since"; paging sorts by it).
ALTER TABLE `escalations` ADD COLUMN `due_at` integer;
--> statement-breakpoint
UPDATE `escalations` SET `due_at` = `opened_at` WHERE `due_at` IS NULL;
--> statement-breakpoint
CREATE INDEX `escalations_region_status_due_idx` ON `escalations` (`region_id`,`status`,`due_at`);
