/**
 * Whether customer `c`'s sequence has stopped: feedback since the first visit, or any touch after
 * it (another visit, a chat message, a lead of the customer created or touched). From the data,
 * so a touch logged anywhere stops it without anyone setting a flag.
 */
export const SEQUENCE_STOPPED = `(
  coalesce(c.feedback_received_at, -1) >= c.first_visit_at
  OR EXISTS (SELECT 1 FROM visits v WHERE v.customer_id = c.id AND v.visited_at > c.first_visit_at)
  OR EXISTS (SELECT 1 FROM customer_messages m WHERE m.customer_id = c.id AND m.received_at > c.first_visit_at)
  OR EXISTS (SELECT 1 FROM leads l WHERE l.customer_id = c.id
    AND (l.created_at > c.first_visit_at OR l.first_touch_at > c.first_visit_at
      OR EXISTS (SELECT 1 FROM lead_touches lt WHERE lt.lead_id = l.id AND lt.occurred_at > c.first_visit_at)))
)`;
