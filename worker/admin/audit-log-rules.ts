/**
 * The audit log page's rules, pure: its keyset cursor (newest first, then by id, so equal times
 * never skip or repeat an entry), the record types it filters by, and where each record lives.
 */
import { scopeOf, type Resource, type Viewer } from '../platform/access/policy';

export const AUDIT_PAGE_SIZE = 50;

export const AUDIT_SUBJECT_TYPES = [
  'customer',
  'contact',
  'deal',
  'contract',
  'order',
  'payment',
  'lead',
  'visit',
  'task',
  'user',
  'api_token',
] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

export type AuditCursor = { at: number; id: string };

export function encodeAuditCursor(cursor: AuditCursor): string {
  return `${cursor.at}.${cursor.id}`;
}

export function decodeAuditCursor(text: string): AuditCursor | null {
  const match = /^(\d{1,15})\.([\w-]{1,80})$/.exec(text);
  return match ? { at: Number(match[1]), id: match[2]! } : null;
}

const PAGES: Partial<Record<string, { resource: Resource; href: (id: string) => string }>> = {
  customer: { resource: 'customers', href: (id) => `/customers/${id}` },
  deal: { resource: 'deals', href: (id) => `/deals/${id}` },
  contract: { resource: 'contracts', href: (id) => `/contracts/${id}` },
  order: { resource: 'orders', href: (id) => `/orders/${id}` },
  lead: { resource: 'leads', href: (id) => `/leads/${id}` },
  task: { resource: 'tasks', href: (id) => `/tasks/${id}` },
  user: { resource: 'users', href: (id) => `/admin/users/${id}` },
};

/**
 * The page of the record an entry is about, when it has one the viewer may open (an admin reads
 * users, not the sales book: their customer entries name the record without a dead link).
 */
export function auditSubjectHref(
  viewer: Viewer,
  type: string | null,
  id: string | null,
): string | null {
  const page = type && id ? PAGES[type] : undefined;
  if (!page || !id || scopeOf(viewer, page.resource).kind === 'none') return null;
  return page.href(encodeURIComponent(id));
}

/** A calendar day typed as YYYY-MM-DD that exists (no 2026-02-30), or null. */
export function calendarDay(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : null;
}
