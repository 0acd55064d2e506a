-- Notifications keep the catalog keys and parameters of their text, so each reader sees them in
-- their own language; rows without keys show the title and body they were stored with.
ALTER TABLE `notifications` ADD COLUMN `title_key` text;
ALTER TABLE `notifications` ADD COLUMN `body_key` text;
ALTER TABLE `notifications` ADD COLUMN `message_params` text;
