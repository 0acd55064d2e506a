/**
 * What a region's wall holds when it starts from nothing: its live tasks (and those done in the
 * last two days), and the timers its open work implies, read from D1 in one batch.
 * docs/rules.md#escalation-timers. An archived customer's work keeps no timers.
 */
import { and, eq, gte, inArray, isNull, notInArray, or, type SQL } from 'drizzle-orm';
import { ofLiveCustomer } from '../../worker/customers/live';
import { aliased, aliasedColumns } from '../../worker/platform/db/aliased';
import type { Database } from '../../worker/platform/db/client';
import { customers, deals, leads, tasks, users, visits } from '../../worker/platform/db/schema';
import type { TimerStart } from './wall-store';
import type { WallTask } from './wall-rules';
import { commitmentTitle } from './timer-kinds';

const DAY = 86_400_000;

const untouchedLeads = (db: Database, where: SQL | undefined) =>
  db
    .select({
      id: leads.id,
      assignedAt: leads.assignedAt,
      assigneeId: leads.assigneeId,
      name: leads.name,
      company: leads.company,
    })
    .from(leads)
    .where(
      and(
        where,
        eq(leads.status, 'new'),
        isNull(leads.firstTouchAt),
        ofLiveCustomer(leads.customerId),
      ),
    );

const openDeals = (db: Database, where: SQL | undefined) =>
  db
    .select({
      id: deals.id,
      lastProgressAt: deals.lastProgressAt,
      ownerId: deals.ownerId,
      name: deals.name,
    })
    .from(deals)
    .where(
      and(
        where,
        notInArray(deals.stage, ['won', 'lost']),
        isNull(deals.archivedAt),
        ofLiveCustomer(deals.customerId),
      ),
    );

const liveCommitments = (db: Database, where: SQL | undefined, now: number) =>
  db
    .select({
      id: visits.id,
      dueAt: visits.commitmentDueAt,
      repId: visits.repId,
      text: visits.commitmentText,
      customerName: aliased(customers.name, 'customer_name'),
      repName: aliased(users.name, 'rep_name'),
    })
    .from(visits)
    .leftJoin(customers, eq(customers.id, visits.customerId))
    .leftJoin(users, eq(users.id, visits.repId))
    .where(and(where, gte(visits.commitmentDueAt, now - DAY), isNull(customers.archivedAt)));

type Rows<T extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<T>>;

/** The timers that open leads, open deals and recent commitments imply. */
function workTimers(
  leadRows: Rows<typeof untouchedLeads>,
  dealRows: Rows<typeof openDeals>,
  commitmentRows: Rows<typeof liveCommitments>,
): TimerStart[] {
  const timers: TimerStart[] = [];
  for (const lead of leadRows) {
    if (lead.assignedAt)
      timers.push({
        kind: 'lead_first_touch',
        subjectId: lead.id,
        anchorAt: lead.assignedAt,
        ownerId: lead.assigneeId,
        title: lead.company ? `${lead.name} · ${lead.company}` : lead.name,
      });
  }
  for (const deal of dealRows)
    timers.push({
      kind: 'stale_deal',
      subjectId: deal.id,
      anchorAt: deal.lastProgressAt,
      ownerId: deal.ownerId,
      title: deal.name,
    });
  for (const visit of commitmentRows) {
    if (visit.dueAt && visit.text)
      timers.push({
        kind: 'commitment',
        subjectId: visit.id,
        anchorAt: visit.dueAt,
        ownerId: visit.repId,
        title: commitmentTitle(visit.customerName, visit.repName, visit.text),
      });
  }
  return timers;
}

/** The timers one customer's open work implies, with their real anchors (a restored customer's). */
export async function customerTimers(
  db: Database,
  customerId: string,
  now: number,
): Promise<TimerStart[]> {
  const [leadRows, dealRows, commitmentRows] = await db.batch([
    untouchedLeads(db, eq(leads.customerId, customerId)),
    openDeals(db, eq(deals.customerId, customerId)),
    liveCommitments(db, eq(visits.customerId, customerId), now),
  ]);
  return workTimers(leadRows, dealRows, commitmentRows);
}

export async function loadRegion(
  db: Database,
  regionId: string,
  now: number,
): Promise<{ tasks: Omit<WallTask, 'evidence'>[]; timers: TimerStart[] }> {
  const [taskRows, leadRows, dealRows, commitmentRows] = await db.batch([
    db
      .select({
        task: aliasedColumns(tasks, 'task'),
        claimerName: aliased(users.name, 'claimer_name'),
      })
      .from(tasks)
      .leftJoin(users, eq(users.id, tasks.claimedBy))
      .where(
        and(
          eq(tasks.regionId, regionId),
          or(inArray(tasks.status, ['open', 'claimed']), gte(tasks.completedAt, now - 2 * DAY)),
        ),
      ),
    untouchedLeads(db, eq(leads.regionId, regionId)),
    openDeals(db, eq(deals.regionId, regionId)),
    liveCommitments(db, eq(visits.regionId, regionId), now),
  ]);
  const timers = workTimers(leadRows, dealRows, commitmentRows);
  const loaded = taskRows.map(({ task, claimerName }) => {
    if (task.status === 'open' || task.status === 'claimed')
      timers.push({
        kind: 'task_overdue',
        subjectId: task.id,
        anchorAt: task.dueAt,
        ownerId: task.claimedBy,
        title: task.title,
        titleZh: task.titleZh,
      });
    return {
      id: task.id,
      cityId: task.cityId,
      title: task.title,
      description: task.description,
      titleZh: task.titleZh,
      descriptionZh: task.descriptionZh,
      dueAt: task.dueAt,
      status: task.status,
      claimedBy: task.claimedBy,
      claimedByName: claimerName,
      claimedAt: task.claimedAt,
      completedAt: task.completedAt,
      evidenceRequired: task.evidenceRequired ?? { photo: false, position: false, note: false },
    };
  });
  return { tasks: loaded, timers };
}
