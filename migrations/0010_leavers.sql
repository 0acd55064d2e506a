-- The audit page filters by who made a change, newest first.
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`);
