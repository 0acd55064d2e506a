CREATE TABLE `assignment_cursors` (
	`region_id` text PRIMARY KEY NOT NULL,
	`next_index` integer NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `customer_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`channel` text NOT NULL,
	`sender` text,
	`text` text NOT NULL,
	`received_at` integer NOT NULL,
	`delivery_id` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_messages_delivery_id_unique` ON `customer_messages` (`delivery_id`);--> statement-breakpoint
CREATE INDEX `customer_messages_customer_time_idx` ON `customer_messages` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `keyword_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`keyword` text NOT NULL,
	`language` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keyword_rules_keyword_idx` ON `keyword_rules` (`keyword`);
--> statement-breakpoint
-- The brief's default buying keywords; admins change them at /admin/keywords.
INSERT INTO `keyword_rules` (`id`, `keyword`, `language`, `active`, `created_at`) VALUES ('kw_price', 'price', 'en', 1, 0), ('kw_pricing', 'pricing', 'en', 1, 0), ('kw_quote', 'quote', 'en', 1, 0), ('kw_sample', 'sample', 'en', 1, 0), ('kw_trial', 'trial', 'en', 1, 0), ('kw_demo', 'demo', 'en', 1, 0), ('kw_jiage', '价格', 'zh', 1, 0), ('kw_baojia', '报价', 'zh', 1, 0), ('kw_yangpin', '样品', 'zh', 1, 0), ('kw_shiyong', '试用', 'zh', 1, 0), ('kw_duoshaoqian', '多少钱', 'zh', 1, 0);
