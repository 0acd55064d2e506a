-- Notifications keep the catalog keys and parameters of their text, so each reader sees them in
-- their own language; rows without keys show the title and body they were stored with.
ALTER TABLE `notifications` ADD COLUMN `title_key` text;
ALTER TABLE `notifications` ADD COLUMN `body_key` text;
ALTER TABLE `notifications` ADD COLUMN `message_params` text;

-- Campaign tasks carry their Chinese wording next to the original, and so do their escalations:
-- each reader sees one language, not both.
ALTER TABLE `task_templates` ADD COLUMN `title_zh` text;
ALTER TABLE `task_templates` ADD COLUMN `description_zh` text;
ALTER TABLE `tasks` ADD COLUMN `title_zh` text;
ALTER TABLE `tasks` ADD COLUMN `description_zh` text;
ALTER TABLE `escalations` ADD COLUMN `title_zh` text;
