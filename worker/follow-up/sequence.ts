/**
 * The follow-up sequence, run once a day per region (docs/rules.md#follow-up-sequence). For the
 * customers whose first visit was on the step's region-local day and who have not answered or
 * been touched since: day 3 makes the feedback link (delivered through the customers' gateway
 * and offered to the rep), day 7 puts a to-do on the region manager's board, day 15 moves the
 * customer to the nurture pool. Set-based: three round trips per region whatever its size, and
 * every write is keyed (the first visit's id), so running it twice creates nothing twice.
 */
import type { RegionRun, RunOutcome } from '../../queues/region-run';
import type { Locale } from '../platform/db/schema';
import { localDayRange } from '../platform/time/zones';
import { SEQUENCE_STOPPED } from './sequence-stopped';
import { translator } from '../platform/i18n';
import {
  feedbackPath,
  feedbackSecret,
  feedbackToken,
  feedbackTokenHash,
  newFeedbackRequestId,
} from './feedback-token';
import {
  CUSTOMER_GATEWAY_ROUTE_ID,
  FEEDBACK_LINK_TTL_MS,
  MANAGER_TODO_DAY,
  feedbackLocale,
  feedbackRecipient,
  firstVisitDays,
} from './rules';

/** The first visit: what the link and the manager's to-do are about. */
const FIRST_VISIT_ID = `(SELECT v.id FROM visits v WHERE v.customer_id = c.id ORDER BY v.visited_at, v.id LIMIT 1)`;

/** Customers of the region whose first visit fell in `[?start, ?end)` and whose sequence runs on. */
const IN_SEQUENCE = `c.region_id = ?1 AND c.archived_at IS NULL AND c.dormant = 0
  AND c.first_visit_at >= ?2 AND c.first_visit_at < ?3 AND NOT ${SEQUENCE_STOPPED}`;

type Candidate = {
  customer_id: string;
  customer_name: string;
  customer_phone: string | null;
  customer_email: string | null;
  owner_id: string;
  owner_name: string;
  owner_locale: Locale | null;
  visit_id: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_locale: Locale | null;
};

export async function runFollowUpSequence(env: Env, run: RegionRun): Promise<RunOutcome> {
  const db = env.DB;
  const [regionRows, gatewayRows] = await db.batch([
    db.prepare('SELECT time_zone, default_locale FROM regions WHERE id = ?').bind(run.regionId),
    db
      .prepare('SELECT link_origin FROM notification_routes WHERE id = ? AND active = 1')
      .bind(CUSTOMER_GATEWAY_ROUTE_ID),
  ]);
  const region = regionRows!.results[0] as
    { time_zone: string; default_locale: Locale | null } | undefined;
  if (!region) return { rowsTouched: 0, errors: 1 };
  const gatewayOrigin =
    (gatewayRows!.results[0] as { link_origin: string | null } | undefined)?.link_origin ?? null;
  const secret = feedbackSecret(env);
  // The region-local day the run stands for (a re-run for a past date counts from that day).
  const days = firstVisitDays(run.day);
  const range = (day: string) => {
    const { start, end } = localDayRange(day, region.time_zone);
    return [run.regionId, start, end] as const;
  };

  const { results: candidates } = await db
    .prepare(
      `SELECT c.id AS customer_id, c.name AS customer_name, c.phone AS customer_phone,
         c.email AS customer_email, c.owner_id, o.name AS owner_name, o.locale AS owner_locale,
         ${FIRST_VISIT_ID} AS visit_id,
         k.id AS contact_id, k.name AS contact_name, k.phone AS contact_phone,
         k.email AS contact_email, k.locale AS contact_locale
       FROM customers c
       JOIN users o ON o.id = c.owner_id
       LEFT JOIN contacts k ON k.id = (
         SELECT id FROM contacts WHERE customer_id = c.id AND archived_at IS NULL AND is_primary = 1
           AND (phone IS NOT NULL OR email IS NOT NULL) ORDER BY name, id LIMIT 1)
       WHERE ${IN_SEQUENCE}
         AND NOT EXISTS (SELECT 1 FROM feedback_requests f WHERE f.customer_id = c.id)`,
    )
    .bind(...range(days.link))
    .all<Candidate>();

  const requests = secret
    ? await Promise.all(
        candidates
          .filter((row) => row.visit_id !== null)
          .map((row) =>
            feedbackRequestRow(row, secret, gatewayOrigin, region.default_locale, run.at),
          ),
      )
    : [];
  const rows = JSON.stringify(requests);
  const statements: D1PreparedStatement[] = [];
  if (requests.length > 0) {
    statements.push(
      db
        .prepare(
          `INSERT INTO feedback_requests (id, customer_id, region_id, visit_id, contact_id,
             recipient_name, phone, email, locale, token_hash, created_at, expires_at, step)
           SELECT r.value ->> 'id', r.value ->> 'customerId', ?2, r.value ->> 'visitId',
             r.value ->> 'contactId', r.value ->> 'name', r.value ->> 'phone', r.value ->> 'email',
             r.value ->> 'locale', r.value ->> 'tokenHash', ?3, r.value ->> 'expiresAt', 'link_sent'
           FROM json_each(?1) r WHERE true
           ON CONFLICT DO NOTHING`,
        )
        .bind(rows, run.regionId, run.at),
      // Only for the requests this run wrote (a parallel run's losers join nothing).
      db
        .prepare(
          `INSERT INTO notifications (id, recipient_id, channel, kind, subject_type, subject_id,
             title, body, message_params, status, dedupe_key, route_id, attempts, due_at, created_at)
           SELECT lower(hex(randomblob(16))), NULL, 'webhook', 'feedback.request', 'feedback_request',
             f.id, r.value ->> 'gatewayTitle', r.value ->> 'gatewayBody', r.value ->> 'gatewayData',
             'pending', 'feedback.request:' || f.visit_id, ?2, 0, ?3, ?3
           FROM json_each(?1) r JOIN feedback_requests f ON f.id = r.value ->> 'id'
           WHERE r.value ->> 'gatewayData' IS NOT NULL
           ON CONFLICT DO NOTHING`,
        )
        .bind(rows, CUSTOMER_GATEWAY_ROUTE_ID, run.at),
      // The rep's reminder in the app, and on the rep's own chat or webhook routes.
      db
        .prepare(
          `INSERT INTO notifications (id, recipient_id, channel, kind, subject_type, subject_id,
             title, body, title_key, body_key, message_params, status, dedupe_key, route_id,
             attempts, due_at, sent_at, created_at)
           SELECT lower(hex(randomblob(16))), f_owner.owner_id, coalesce(rt.channel, 'inbox'),
             'feedback.due', 'customer', f.customer_id, r.value ->> 'repTitle', r.value ->> 'repBody',
             'followUp.due.title', 'followUp.due.body', r.value ->> 'repParams',
             CASE WHEN rt.id IS NULL THEN 'sent' ELSE 'pending' END,
             'feedback.due:' || f.visit_id || coalesce(':' || rt.id, ''), rt.id, 0, ?2,
             CASE WHEN rt.id IS NULL THEN ?2 END, ?2
           FROM json_each(?1) r
           JOIN feedback_requests f ON f.id = r.value ->> 'id'
           JOIN customers f_owner ON f_owner.id = f.customer_id
           JOIN (SELECT NULL AS id, NULL AS channel, NULL AS user_id
                 UNION ALL SELECT id, channel, user_id FROM notification_routes WHERE active = 1 AND user_id IS NOT NULL) rt
             ON rt.id IS NULL OR rt.user_id = f_owner.owner_id
           WHERE true
           ON CONFLICT DO NOTHING`,
        )
        .bind(rows, run.at),
    );
  }

  const todo = range(days.managerTodo);
  const dormant = range(days.dormant);
  statements.push(
    // Day 7: the region manager's to-do, about the first visit (its event id makes it once).
    db
      .prepare(
        `INSERT INTO escalations (id, event_id, region_id, kind, subject_type, subject_id, owner_id,
           subject_owner_id, level, status, opened_at, due_at)
         SELECT lower(hex(randomblob(16))), 'feedback_missing:' || visit_id, ?1, 'feedback_missing',
           'visit', visit_id,
           (SELECT id FROM users WHERE active = 1 AND role = 'manager' AND region_id = ?1 ORDER BY id LIMIT 1),
           owner_id, 1, 'open', ?4, first_visit_at + ?5
         FROM (SELECT c.owner_id, c.first_visit_at, ${FIRST_VISIT_ID} AS visit_id FROM customers c
               WHERE ${IN_SEQUENCE})
         WHERE visit_id IS NOT NULL
         ON CONFLICT DO NOTHING`,
      )
      .bind(...todo, run.at, MANAGER_TODO_DAY * 86_400_000),
    // The manager hears of the to-do in the app, like of the wall's escalations (once each).
    db
      .prepare(
        `INSERT INTO notifications (id, recipient_id, channel, kind, subject_type, subject_id, title,
           body, title_key, status, dedupe_key, due_at, sent_at, created_at)
         SELECT lower(hex(randomblob(16))), e.owner_id, 'inbox', 'escalation.feedback_missing',
           'escalation', e.id, CASE m.locale WHEN 'zh-CN' THEN ?3 ELSE ?4 END, c.name,
           'inbox.escalation.feedback_missing', 'sent', e.event_id || ':' || e.owner_id, ?2, ?2, ?2
         FROM escalations e
         JOIN users m ON m.id = e.owner_id
         JOIN visits v ON v.id = e.subject_id
         JOIN customers c ON c.id = v.customer_id
         WHERE e.region_id = ?1 AND e.kind = 'feedback_missing' AND e.opened_at = ?2
         ON CONFLICT DO NOTHING`,
      )
      .bind(
        run.regionId,
        run.at,
        translator('zh-CN')('inbox.escalation.feedback_missing'),
        translator('en')('inbox.escalation.feedback_missing'),
      ),
    db
      .prepare(
        `UPDATE feedback_requests SET step = 'manager_todo'
         WHERE region_id = ?1 AND step = 'link_sent'
           AND EXISTS (SELECT 1 FROM escalations e WHERE e.event_id = 'feedback_missing:' || feedback_requests.visit_id)`,
      )
      .bind(run.regionId),
    // Day 15: the nurture pool, with the change on the customer's timeline. `dormant_at` stays as
    // history, so a customer a manager took out of the pool is not put back by a re-run.
    db
      .prepare(
        `INSERT INTO audit_log (id, actor_id, action, subject_type, subject_id, customer_id, detail, created_at)
         SELECT lower(hex(randomblob(16))), NULL, 'customer.dormant', 'customer', c.id, c.id,
           json_object('before', json_object('lifecycleStage', c.lifecycle_stage),
                       'after', json_object('lifecycleStage', 'nurture')), ?4
         FROM customers c WHERE ${IN_SEQUENCE} AND c.dormant_at IS NULL`,
      )
      .bind(...dormant, run.at),
    db
      .prepare(
        `UPDATE customers AS c SET dormant = 1, dormant_at = ?4, lifecycle_stage = 'nurture', updated_at = ?4
         WHERE ${IN_SEQUENCE} AND c.dormant_at IS NULL`,
      )
      .bind(...dormant, run.at),
    db
      .prepare(
        `UPDATE feedback_requests SET step = 'dormant'
         WHERE region_id = ?1 AND step IN ('link_sent', 'manager_todo')
           AND customer_id IN (SELECT id FROM customers WHERE region_id = ?1 AND dormant = 1 AND dormant_at IS NOT NULL)`,
      )
      .bind(run.regionId),
  );
  const results = await db.batch(statements);
  const rowsTouched = results.reduce((sum, result) => sum + (result.meta.changes ?? 0), 0);
  // Without a signing secret no link can be made: counted, so /admin/jobs shows it.
  const errors = !secret && candidates.length > 0 ? 1 : 0;
  return { rowsTouched, errors };
}

/** One new request, as the JSON row the statements above read. */
async function feedbackRequestRow(
  row: Candidate,
  secret: string,
  gatewayOrigin: string | null,
  regionLocale: Locale | null,
  at: number,
) {
  const recipient = feedbackRecipient(
    row.contact_id
      ? {
          id: row.contact_id,
          name: row.contact_name,
          phone: row.contact_phone,
          email: row.contact_email,
          locale: row.contact_locale,
        }
      : null,
    { name: row.customer_name, phone: row.customer_phone, email: row.customer_email },
  );
  const locale = feedbackLocale(recipient?.locale ?? null, regionLocale);
  const id = newFeedbackRequestId();
  // Whole seconds: the token carries the expiry in seconds.
  const expiresAt = Math.floor((at + FEEDBACK_LINK_TTL_MS) / 1000) * 1000;
  const token = await feedbackToken(secret, id, expiresAt);
  const link = gatewayOrigin ? gatewayOrigin + feedbackPath(token) : null;
  const t = translator(locale);
  const repT = translator(row.owner_locale ?? 'en');
  const words = { name: recipient?.name ?? row.customer_name, rep: row.owner_name };
  return {
    id,
    customerId: row.customer_id,
    visitId: row.visit_id,
    contactId: recipient?.contactId ?? null,
    name: recipient?.name ?? null,
    phone: recipient?.phone ?? null,
    email: recipient?.email ?? null,
    locale,
    tokenHash: await feedbackTokenHash(token),
    expiresAt,
    // The gateway's message, in the contact's language; what the gateway needs as data.
    gatewayTitle: t('followUp.message.title'),
    gatewayBody: link ? t('followUp.message.body', { ...words, link: link }) : null,
    gatewayData:
      link && recipient
        ? JSON.stringify(
            // Only what is known: the notification's parameters are texts.
            Object.fromEntries(
              Object.entries({
                to: recipient.phone ?? recipient.email,
                phone: recipient.phone,
                email: recipient.email,
                name: recipient.name,
                locale,
                link,
                expiresAt: new Date(expiresAt).toISOString(),
              }).filter(([, value]) => value !== null),
            ),
          )
        : null,
    repTitle: repT('followUp.due.title'),
    repBody: repT('followUp.due.body', { customer: row.customer_name }),
    repParams: JSON.stringify({ customer: row.customer_name }),
  };
}
