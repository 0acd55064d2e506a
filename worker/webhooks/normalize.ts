/**
 * What an inbound delivery says, whatever its provider (pure). Forms become lead fields; chat
 * events become a message from a chat user. Events that are not a person writing (bot posts,
 * edits, joins) normalise to null and are acknowledged without work.
 */
export type Inbound = {
  kind: 'form' | 'chat';
  channel: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  city: string | null;
  message: string | null;
  chatUserId: string | null;
};

export const LEAD_FIELDS = ['name', 'phone', 'email', 'company', 'city', 'message'] as const;
type LeadField = (typeof LEAD_FIELDS)[number];

function at(payload: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function text(value: unknown, max = 2000): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/** A form: each lead field read from the admin's mapping (a dotted path), else the same-named field. */
export function normalizeForm(payload: Record<string, unknown>, fieldMapping: Partial<Record<LeadField, string>> = {}): Inbound {
  const field = (name: LeadField) => text(at(payload, fieldMapping[name] ?? name));
  return {
    kind: 'form',
    channel: 'form',
    name: field('name'),
    phone: field('phone')?.replace(/[\s()-]/g, '') ?? null,
    email: field('email')?.toLowerCase() ?? null,
    company: field('company'),
    city: field('city'),
    message: field('message'),
    chatUserId: null,
  };
}

/** A Slack Events API callback: only plain messages written by people. */
export function normalizeSlackEvent(payload: Record<string, unknown>): Inbound | null {
  const event = payload.event as Record<string, unknown> | undefined;
  if (!event || event.type !== 'message' || event.subtype || event.bot_id) return null;
  const message = text(event.text);
  const user = text(event.user, 64);
  if (!message || !user) return null;
  return { kind: 'chat', channel: 'slack', name: null, phone: null, email: null, company: null, city: null, message, chatUserId: user };
}
