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
/** The admin's field mapping from a source's config: lead field → where the form keeps it. */
type Mapping = Partial<Record<LeadField, string>>;

function at(payload: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      payload,
    );
}

function text(value: unknown, max = 2000): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/** A lead from any form, each field as that form's reader finds it: phone without spacing, email in lower case. */
function formLead(channel: string, field: (name: LeadField) => string | null): Inbound {
  return {
    kind: 'form',
    channel,
    name: field('name'),
    phone: field('phone')?.replace(/[\s()-]/g, '') ?? null,
    email: field('email')?.toLowerCase() ?? null,
    company: field('company'),
    city: field('city'),
    message: field('message'),
    chatUserId: null,
  };
}

/** A form: each lead field read from the admin's mapping (a dotted path), else the same-named field. */
export function normalizeForm(
  payload: Record<string, unknown>,
  fieldMapping: Mapping = {},
): Inbound {
  return formLead('form', (name) => text(at(payload, fieldMapping[name] ?? name)));
}

/** A chat message as a lead's inbound: null unless it names its sender and has text. */
const chat = (
  channel: string,
  chatUserId: string | null,
  message: string | null,
  name: string | null = null,
): Inbound | null =>
  message && chatUserId
    ? {
        kind: 'chat',
        channel,
        name,
        phone: null,
        email: null,
        company: null,
        city: null,
        message,
        chatUserId,
      }
    : null;

/** A Slack Events API callback: only plain messages written by people. */
export function normalizeSlackEvent(payload: Record<string, unknown>): Inbound | null {
  const event = payload.event as Record<string, unknown> | undefined;
  if (!event || event.type !== 'message' || event.subtype || event.bot_id) return null;
  return chat('slack', text(event.user, 64), text(event.text));
}

/** Feishu/Lark events v2 `im.message.receive_v1`: text messages from users. */
export function normalizeFeishuEvent(payload: Record<string, unknown>): Inbound | null {
  if (
    at(payload, 'header.event_type') !== 'im.message.receive_v1' ||
    at(payload, 'event.sender.sender_type') !== 'user'
  )
    return null;
  if (at(payload, 'event.message.message_type') !== 'text') return null;
  let content: unknown;
  try {
    content = JSON.parse(String(at(payload, 'event.message.content') ?? ''));
  } catch {
    return null;
  }
  return chat(
    'feishu',
    text(at(payload, 'event.sender.sender_id.open_id'), 64),
    text(at(content, 'text')),
  );
}

/** DingTalk robot callback: a text message @-mentioning the robot. */
export function normalizeDingtalkMessage(payload: Record<string, unknown>): Inbound | null {
  if (payload.msgtype !== 'text') return null;
  return chat(
    'dingtalk',
    text(payload.senderStaffId ?? payload.senderId, 64),
    text(at(payload, 'text.content')),
    text(payload.senderNick, 100),
  );
}

/** The CDATA or plain value of one element of WeCom's flat XML. */
export function xmlField(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(
    xml,
  );
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** WeCom (企业微信) callback message, already decrypted: text messages only. */
export function normalizeWecomMessage(xml: string): Inbound | null {
  if (xmlField(xml, 'MsgType') !== 'text') return null;
  return chat('wecom', text(xmlField(xml, 'FromUserName'), 64), text(xmlField(xml, 'Content')));
}

/**
 * Typeform `form_response`: answers by the admin's mapping (field ref → lead field, in the
 * source config), else by answer type: email, phone number, the first short text as the name and
 * the first long text as the message.
 */
export function normalizeTypeform(
  payload: Record<string, unknown>,
  fieldMapping: Mapping = {},
): Inbound {
  const answers =
    (at(payload, 'form_response.answers') as Record<string, unknown>[] | undefined) ?? [];
  const valueOf = (answer: Record<string, unknown>) =>
    text(answer[String(answer.type)] ?? answer.text);
  const byRef = (ref: string | undefined) =>
    ref ? answers.find((a) => at(a, 'field.ref') === ref) : undefined;
  const byType = (type: string, fieldType?: string) =>
    answers.find((a) => a.type === type && (!fieldType || at(a, 'field.type') === fieldType));
  const byAnswerType: Partial<Record<LeadField, Record<string, unknown>>> = {
    name: byType('text', 'short_text'),
    phone: byType('phone_number'),
    email: byType('email'),
    message: byType('text', 'long_text'),
  };
  return formLead('typeform', (name) => {
    const answer = byRef(fieldMapping[name]) ?? byAnswerType[name];
    return answer ? valueOf(answer) : null;
  });
}

/** Tally `FORM_RESPONSE`: fields by the admin's mapping (label → lead field), else by label. */
export function normalizeTally(
  payload: Record<string, unknown>,
  fieldMapping: Mapping = {},
): Inbound {
  const fields =
    (at(payload, 'data.fields') as { label?: string; value?: unknown }[] | undefined) ?? [];
  return formLead('tally', (name) => {
    const label = (fieldMapping[name] ?? name).toLowerCase();
    return text(fields.find((field) => field.label?.trim().toLowerCase() === label)?.value);
  });
}

/** One entry point for the queue: the delivery's provider (and its source's kind) picks the reader. */
export function normalizeDelivery(
  provider: string,
  sourceProvider: string | null,
  payload: Record<string, unknown>,
  mapping: Mapping,
): Inbound | null {
  switch (provider) {
    case 'slack':
      return normalizeSlackEvent(payload);
    case 'feishu':
      return normalizeFeishuEvent(payload);
    case 'dingtalk':
      return normalizeDingtalkMessage(payload);
    case 'wecom':
      return normalizeWecomMessage(String(payload.xml ?? ''));
  }
  if (sourceProvider === 'typeform') return normalizeTypeform(payload, mapping);
  if (sourceProvider === 'tally') return normalizeTally(payload, mapping);
  return normalizeForm(payload, mapping);
}
