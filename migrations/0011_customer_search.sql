-- Customer search: one full-text row per customer (its name, phone, email, city in both
-- languages and its contacts' names), trigram-tokenised so any 3 characters match, Chinese
-- included. Triggers keep it in step, so every write path (pages, API, import, seed) is covered.
CREATE VIRTUAL TABLE `customer_search` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIEW `customer_search_body` AS
SELECT c.rowid AS customer_rowid, c.id AS customer_id,
  c.name || ' ' || coalesce(c.phone, '') || ' ' || coalesce(c.email, '') || ' ' || ci.name
    || ' ' || ci.name_zh || ' '
    || coalesce((SELECT group_concat(k.name, ' ') FROM contacts k
                 WHERE k.customer_id = c.id AND k.archived_at IS NULL), '') AS body
FROM customers c JOIN cities ci ON ci.id = c.city_id;
--> statement-breakpoint
INSERT INTO customer_search (rowid, body) SELECT customer_rowid, body FROM customer_search_body;
--> statement-breakpoint
CREATE TRIGGER `customer_search_customer_added` AFTER INSERT ON `customers` BEGIN
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body WHERE customer_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_customer_changed` AFTER UPDATE OF name, phone, email, city_id ON `customers` BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body WHERE customer_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_customer_removed` AFTER DELETE ON `customers` BEGIN
  DELETE FROM customer_search WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_contact_added` AFTER INSERT ON `contacts` BEGIN
  DELETE FROM customer_search WHERE rowid = (SELECT rowid FROM customers WHERE id = new.customer_id);
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body WHERE customer_id = new.customer_id;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_contact_changed` AFTER UPDATE OF name, archived_at, customer_id ON `contacts` BEGIN
  DELETE FROM customer_search
  WHERE rowid IN (SELECT rowid FROM customers WHERE id IN (old.customer_id, new.customer_id));
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body
  WHERE customer_id IN (old.customer_id, new.customer_id);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_contact_removed` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM customer_search WHERE rowid = (SELECT rowid FROM customers WHERE id = old.customer_id);
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body WHERE customer_id = old.customer_id;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_city_renamed` AFTER UPDATE OF name, name_zh ON `cities` BEGIN
  DELETE FROM customer_search WHERE rowid IN (SELECT rowid FROM customers WHERE city_id = new.id);
  INSERT INTO customer_search (rowid, body)
  SELECT customer_rowid, body FROM customer_search_body
  WHERE customer_id IN (SELECT id FROM customers WHERE city_id = new.id);
END;
