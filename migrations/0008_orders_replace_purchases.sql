-- Each purchase becomes an order of one line, owned by its customer's owner, before the old table goes.
INSERT INTO `orders` (`id`, `customer_id`, `contract_id`, `owner_id`, `region_id`, `ordered_at`, `amount_cents`, `currency`, `status`, `created_at`, `updated_at`)
SELECT p.`id`, p.`customer_id`, p.`contract_id`, c.`owner_id`, p.`region_id`, p.`ordered_at`, p.`amount_cents`, 'CNY', 'delivered', p.`ordered_at`, p.`ordered_at`
FROM `purchases` p JOIN `customers` c ON c.`id` = p.`customer_id`;
--> statement-breakpoint
INSERT INTO `order_lines` (`id`, `order_id`, `product`, `quantity`, `unit_price_cents`, `position`)
SELECT p.`id` || ':1', p.`id`, p.`sku`, p.`quantity`, p.`amount_cents` / max(p.`quantity`, 1), 1 FROM `purchases` p;
--> statement-breakpoint
DROP TABLE `purchases`;
