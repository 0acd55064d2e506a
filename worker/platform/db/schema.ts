/**
 * The Fieldwall domain in D1. Times are epoch milliseconds (UTC) in integer columns; money is
 * integer cents. `region_id` / `city_id` are copied onto the busy tables (visits, deals, leads,
 * tasks, contracts) so that scope filters and heatmaps use one index instead of a join.
 */
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

export const ROLES = ['rep', 'manager', 'director', 'admin', 'business', 'legal'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'zh-CN'] as const;
export const CHAT_APPS = ['slack', 'feishu', 'dingtalk', 'wecom'] as const;
export type ChatIds = Partial<Record<(typeof CHAT_APPS)[number], string>>;
export const ACCOUNT_TOKEN_PURPOSES = ['invite', 'reset'] as const;
export type Locale = (typeof LOCALES)[number];

export const CUSTOMER_GRADES = ['A', 'B', 'C', 'D'] as const;
export const LIFECYCLE_STAGES = [
  'prospect',
  'onboarding',
  'active',
  'at_risk',
  'dormant',
  'nurture',
] as const;
export const DEAL_STAGES = ['qualify', 'discover', 'propose', 'negotiate', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
/** A contact's part in the customer's buying decision (the health grid's decision-chain coverage). */
export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'purchasing'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];
/** What a stage gate asks for before a deal may enter its stage. */
export const GATE_REQUIREMENTS = ['document', 'note', 'contact_role'] as const;
export const CONTRACT_STATUSES = [
  'draft',
  'in_approval',
  'active',
  'expired',
  'renewed',
  'terminated',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const ORDER_STATUSES = ['placed', 'delivered', 'cancelled'] as const;
export const CHECK_IN_STATUSES = ['verified', 'out_of_range', 'unverified'] as const;
export const LEAD_STATUSES = [
  'new',
  'contacted',
  'qualified',
  'disqualified',
  'converted',
] as const;
export const FIRST_TOUCH_CHANNELS = ['call', 'visit', 'message'] as const;
export const TASK_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export const ESCALATION_KINDS = [
  'lead_first_touch',
  'stale_deal',
  'commitment_overdue',
  'task_overdue',
  'feedback_missing',
  'health_red',
] as const;
export const NOTIFICATION_CHANNELS = [
  'inbox',
  'slack',
  'feishu',
  'dingtalk',
  'wecom',
  'webhook',
  'email',
] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const regions = sqliteTable('regions', {
  id: text('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameZh: text('name_zh').notNull(),
  timeZone: text('time_zone').notNull(),
  /** Working hours in the region's zone, `HH:MM`; null: the company's default day. */
  workStart: text('work_start'),
  workEnd: text('work_end'),
  /** The language new users of the region start with. */
  defaultLocale: text('default_locale', { enum: LOCALES }),
  /** Days without any interaction after which the owner is reminded of a customer (docs/rules.md#silent-customers). */
  silentAfterDays: integer('silent_after_days').notNull().default(30),
});

/** Per-region figures the health score compares against; refreshed by the nightly job. */
export const regionStats = sqliteTable('region_stats', {
  regionId: text('region_id')
    .primaryKey()
    .references(() => regions.id),
  contractValueP90Cents: integer('contract_value_p90_cents').notNull(),
  computedAt: integer('computed_at').notNull(),
});

/**
 * Each customer's health as the nightly job computed it for a region-local day, kept for a few
 * weeks: "red two nights running" reads the night before, and `redSince` names the red stretch.
 */
export const customerHealthNights = sqliteTable(
  'customer_health_nights',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The region-local day the score is for, `YYYY-MM-DD`. */
    day: text('day').notNull(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    score: integer('score').notNull(),
    band: text('band', { enum: ['green', 'amber', 'red'] }).notNull(),
    weakest: text('weakest', { enum: ['recency', 'velocity', 'value'] }).notNull(),
    /** The first night of the red stretch this night belongs to; null when not red. */
    redSince: text('red_since'),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.day] }),
    index('customer_health_nights_region_day_idx').on(t.regionId, t.day),
  ],
);

export const cities = sqliteTable(
  'cities',
  {
    id: text('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    nameZh: text('name_zh').notNull(),
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
  },
  (t) => [index('cities_region_idx').on(t.regionId)],
);

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    regionId: text('region_id').references(() => regions.id),
    cityId: text('city_id').references(() => cities.id),
    managerId: text('manager_id').references((): AnySQLiteColumn => users.id),
    locale: text('locale', { enum: LOCALES }),
    phone: text('phone'),
    /** The user's ids in team chats (Slack, Feishu, DingTalk, WeCom), for direct messages. */
    chatIds: text('chat_ids', { mode: 'json' }).$type<ChatIds>(),
    passwordHash: text('password_hash').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    index('users_region_role_idx').on(t.regionId, t.role),
    index('users_city_idx').on(t.cityId),
  ],
);

/** Server-side sessions; `id` is the SHA-256 of the cookie token, so a leaked table grants nothing. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * One-time links that let a user set a password: an invitation (7 days) or a reset (1 hour).
 * `id` is the SHA-256 of the link's token, like sessions; `usedAt` makes it single-use.
 */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ACCOUNT_TOKEN_PURPOSES }).notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

/** Failed sign-ins per key (`account:<email>` or `ip:<address>`) within a sliding window. */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: integer('window_started_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** Bearer tokens for /api/v1. The token acts as `userId`, with that user's scope. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    displayPrefix: text('display_prefix').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    cityId: text('city_id')
      .notNull()
      .references(() => cities.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    grade: text('grade', { enum: CUSTOMER_GRADES }).notNull(),
    industry: text('industry').notNull(),
    lifecycleStage: text('lifecycle_stage', { enum: LIFECYCLE_STAGES }).notNull(),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    lat: real('lat'),
    lng: real('lng'),
    healthScore: integer('health_score'),
    /** The health factor costing the most points: what the rep should act on. */
    healthWeakest: text('health_weakest', { enum: ['recency', 'velocity', 'value'] }),
    lastTouchAt: integer('last_touch_at'),
    nextFollowUpAt: integer('next_follow_up_at'),
    firstVisitAt: integer('first_visit_at'),
    feedbackReceivedAt: integer('feedback_received_at'),
    dormant: integer('dormant', { mode: 'boolean' }).notNull().default(false),
    /** The record's id in the system it was imported from: a re-import matches on it. */
    externalId: text('external_id'),
    /** When the follow-up sequence moved it to the nurture pool (no response 15 days after the first visit). */
    dormantAt: integer('dormant_at'),
    /** Archived (soft-deleted): out of lists, counts and timers until restored, every row intact. */
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('customers_owner_follow_up_idx').on(t.ownerId, t.nextFollowUpAt),
    index('customers_region_follow_up_idx').on(t.regionId, t.nextFollowUpAt),
    index('customers_city_idx').on(t.cityId),
    index('customers_name_idx').on(t.name),
    index('customers_phone_idx').on(t.phone),
    index('customers_email_idx').on(t.email),
    uniqueIndex('customers_external_id_idx').on(t.externalId),
    // The follow-up sequence finds each region's customers by the day of their first visit.
    index('customers_region_first_visit_idx').on(t.regionId, t.firstVisitAt),
  ],
);

export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    chatUserId: text('chat_user_id'),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    decisionRole: text('decision_role', { enum: DECISION_ROLES }),
    externalId: text('external_id'),
    /** The language messages to this contact are written in; null: the region's default. */
    locale: text('locale', { enum: LOCALES }),
    /** Removed from the customer page; kept so that a removal can be undone and audited. */
    archivedAt: integer('archived_at'),
  },
  (t) => [
    index('contacts_customer_idx').on(t.customerId),
    index('contacts_phone_idx').on(t.phone),
    index('contacts_email_idx').on(t.email),
    uniqueIndex('contacts_external_id_idx').on(t.externalId),
  ],
);

export const deals = sqliteTable(
  'deals',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    cityId: text('city_id')
      .notNull()
      .references(() => cities.id),
    name: text('name').notNull(),
    stage: text('stage', { enum: DEAL_STAGES }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('CNY'),
    expectedCloseAt: integer('expected_close_at'),
    stageEnteredAt: integer('stage_entered_at').notNull(),
    lastProgressAt: integer('last_progress_at').notNull(),
    closedAt: integer('closed_at'),
    /** Why it was won or lost, in the owner's words. */
    closeReason: text('close_reason'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('deals_customer_idx').on(t.customerId),
    index('deals_owner_stage_idx').on(t.ownerId, t.stage),
    index('deals_region_progress_idx').on(t.regionId, t.lastProgressAt),
  ],
);

export const dealStageHistory = sqliteTable(
  'deal_stage_history',
  {
    id: text('id').primaryKey(),
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    fromStage: text('from_stage', { enum: DEAL_STAGES }),
    toStage: text('to_stage', { enum: DEAL_STAGES }).notNull(),
    changedAt: integer('changed_at').notNull(),
    changedBy: text('changed_by').references(() => users.id),
    visitId: text('visit_id'),
  },
  (t) => [index('deal_stage_history_deal_idx').on(t.dealId, t.changedAt)],
);

/**
 * What must exist before a deal may enter `stage` (set by an admin): a document of a kind (e.g.
 * "signed requirements form" before "propose"), a note on the deal, or a contact of a role.
 */
export const stageGates = sqliteTable(
  'stage_gates',
  {
    id: text('id').primaryKey(),
    stage: text('stage', { enum: DEAL_STAGES }).notNull(),
    requirement: text('requirement', { enum: GATE_REQUIREMENTS }).notNull(),
    /** For `document`: the kind the file must be filed as (a short code, e.g. `requirements_form`). */
    documentKind: text('document_kind'),
    /** What the kind is called, per language. */
    label: text('label'),
    labelZh: text('label_zh'),
    /** For `contact_role`: the role a contact of the customer must have. */
    contactRole: text('contact_role', { enum: DECISION_ROLES }),
    createdBy: text('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('stage_gates_stage_idx').on(t.stage)],
);

/** Files (in R2, served within the deal's scope) and notes kept on a deal; stage gates read them. */
export const dealDocuments = sqliteTable(
  'deal_documents',
  {
    id: text('id').primaryKey(),
    dealId: text('deal_id')
      .notNull()
      .references(() => deals.id),
    kind: text('kind', { enum: ['file', 'note'] }).notNull(),
    /** A file's kind, matching a gate's `document_kind`. */
    documentKind: text('document_kind'),
    fileKey: text('file_key'),
    fileName: text('file_name'),
    contentType: text('content_type'),
    sizeBytes: integer('size_bytes'),
    note: text('note'),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('deal_documents_deal_idx').on(t.dealId, t.createdAt)],
);

export const visits = sqliteTable(
  'visits',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    repId: text('rep_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id').notNull(),
    cityId: text('city_id').notNull(),
    dealId: text('deal_id').references(() => deals.id),
    visitedAt: integer('visited_at').notNull(),
    checkInLat: real('check_in_lat'),
    checkInLng: real('check_in_lng'),
    checkInDistanceM: integer('check_in_distance_m'),
    checkInStatus: text('check_in_status', { enum: CHECK_IN_STATUSES }).notNull(),
    summary: text('summary').notNull(),
    photoKey: text('photo_key'),
    stageReached: text('stage_reached', { enum: DEAL_STAGES }),
    nextFollowUpAt: integer('next_follow_up_at'),
    commitmentText: text('commitment_text'),
    commitmentDueAt: integer('commitment_due_at'),
    /** The three ACI musts, stored so the index is a cheap count. */
    aciNextFollowUp: integer('aci_next_follow_up', { mode: 'boolean' }).notNull(),
    aciEvidence: integer('aci_evidence', { mode: 'boolean' }).notNull(),
    aciStage: integer('aci_stage', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('visits_customer_time_idx').on(t.customerId, t.visitedAt),
    index('visits_rep_time_idx').on(t.repId, t.visitedAt),
    index('visits_city_time_idx').on(t.cityId, t.visitedAt),
    index('visits_region_time_idx').on(t.regionId, t.visitedAt),
    // Commitments coming due in a region: the hourly nudges and the morning digest.
    index('visits_region_commitment_idx').on(t.regionId, t.commitmentDueAt),
  ],
);

export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    regionId: text('region_id').references(() => regions.id),
    cityId: text('city_id').references(() => cities.id),
    customerId: text('customer_id').references(() => customers.id),
    assigneeId: text('assignee_id').references(() => users.id),
    channel: text('channel').notNull(),
    sourceId: text('source_id'),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    company: text('company'),
    message: text('message'),
    priority: text('priority', { enum: ['normal', 'high'] }).notNull(),
    status: text('status', { enum: LEAD_STATUSES }).notNull(),
    assignedAt: integer('assigned_at'),
    firstTouchDeadline: integer('first_touch_deadline'),
    firstTouchAt: integer('first_touch_at'),
    /** How the rep first reached the lead: stops the 24-hour first-touch clock. */
    firstTouchChannel: text('first_touch_channel', { enum: FIRST_TOUCH_CHANNELS }),
    /** Converted or disqualified: when, and (disqualified) why. */
    closedAt: integer('closed_at'),
    closeReason: text('close_reason'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('leads_assignee_status_idx').on(t.assigneeId, t.status, t.createdAt),
    index('leads_region_created_idx').on(t.regionId, t.createdAt),
    index('leads_phone_idx').on(t.phone),
    index('leads_email_idx').on(t.email),
    // A customer's last interaction (silent-customer reminders) reads its leads' touches.
    index('leads_customer_idx').on(t.customerId),
  ],
);

/** Each inbound contact that merged into a lead (repeat submissions within 7 days). */
export const leadTouches = sqliteTable(
  'lead_touches',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id),
    channel: text('channel').notNull(),
    message: text('message'),
    occurredAt: integer('occurred_at').notNull(),
  },
  (t) => [index('lead_touches_lead_idx').on(t.leadId, t.occurredAt)],
);

export const contracts = sqliteTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    /** JSON array of `{ sku, quantity, unitPriceCents }`. */
    skus: text('skus', { mode: 'json' })
      .$type<{ sku: string; quantity: number; unitPriceCents: number }[]>()
      .notNull(),
    amountCents: integer('amount_cents').notNull(),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    paymentTerms: text('payment_terms').notNull(),
    maintenanceStartAt: integer('maintenance_start_at'),
    renewalTerms: text('renewal_terms'),
    currency: text('currency').notNull().default('CNY'),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull().default('active'),
    /** The deal it was made from, if any. */
    dealId: text('deal_id').references(() => deals.id),
    /** The signed file in R2, served only within the contract's scope. */
    fileKey: text('file_key'),
    fileName: text('file_name'),
    externalId: text('external_id'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at'),
  },
  (t) => [
    uniqueIndex('contracts_external_id_idx').on(t.externalId),
    index('contracts_customer_idx').on(t.customerId),
    index('contracts_owner_end_idx').on(t.ownerId, t.endAt),
    index('contracts_region_end_idx').on(t.regionId, t.endAt),
  ],
);

/** One row per expiry alert sent (30/14/7/1 days before the end), so each goes out once. */
export const contractExpiryAlerts = sqliteTable(
  'contract_expiry_alerts',
  {
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    daysBefore: integer('days_before').notNull(),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.daysBefore] })],
);

/** What a renewal-preparation checklist asks for (docs/rules.md#renewal-preparation). */
export const RENEWAL_CHECKLIST = [
  'confirm_contacts',
  'review_pricing',
  'draft_renewal',
  'legal_review',
] as const;
export type RenewalChecklistItem = (typeof RENEWAL_CHECKLIST)[number];

/**
 * A renewal-preparation list for a repeat buyer's contract nearing its end: made once per contract
 * and end date by the expiry job and read on /renewals in the contract's scope. Its content (orders,
 * last prices, open deals, terms) is read live; only the checklist's ticks are its own.
 */
export const renewalPreparations = sqliteTable(
  'renewal_preparations',
  {
    id: text('id').primaryKey(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** The end it prepares for: a contract whose end moves gets a new list. */
    contractEndAt: integer('contract_end_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('renewal_preparations_contract_end_idx').on(t.contractId, t.contractEndAt)],
);

/** A ticked checklist item of a renewal preparation (no row: not done yet). */
export const renewalChecks = sqliteTable(
  'renewal_checks',
  {
    preparationId: text('preparation_id')
      .notNull()
      .references(() => renewalPreparations.id),
    item: text('item', { enum: RENEWAL_CHECKLIST }).notNull(),
    doneBy: text('done_by')
      .notNull()
      .references(() => users.id),
    doneAt: integer('done_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.preparationId, t.item] })],
);

/** A customer's purchase (the renewal rule counts them); its lines and payments hang off it. */
export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    contractId: text('contract_id').references(() => contracts.id),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    orderedAt: integer('ordered_at').notNull(),
    /** The sum of the lines, kept so that lists and rollups need not add them up. */
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('CNY'),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('placed'),
    deliveredAt: integer('delivered_at'),
    externalId: text('external_id'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('orders_external_id_idx').on(t.externalId),
    index('orders_customer_time_idx').on(t.customerId, t.orderedAt),
    index('orders_owner_time_idx').on(t.ownerId, t.orderedAt),
    index('orders_region_time_idx').on(t.regionId, t.orderedAt),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    product: text('product').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId, t.position)],
);

/** What the customer owes on an order and when it was paid: the on-time payment rate reads it. */
export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    amountCents: integer('amount_cents').notNull(),
    dueAt: integer('due_at').notNull(),
    paidAt: integer('paid_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId, t.dueAt),
    index('payments_customer_due_idx').on(t.customerId, t.dueAt),
  ],
);

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  status: text('status', { enum: ['draft', 'published', 'closed'] }).notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: integer('created_at').notNull(),
  publishedAt: integer('published_at'),
});

export type TaskEvidenceRequirement = { photo: boolean; position: boolean; note: boolean };

export const taskTemplates = sqliteTable(
  'task_templates',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    title: text('title').notNull(),
    description: text('description'),
    /** The Chinese wording, shown to zh-CN readers; null: everyone reads `title`/`description`. */
    titleZh: text('title_zh'),
    descriptionZh: text('description_zh'),
    /** JSON: `{ regionIds: string[], cityIds: string[] }`; empty lists mean "all". */
    target: text('target', { mode: 'json' })
      .$type<{ regionIds: string[]; cityIds: string[] }>()
      .notNull(),
    perCity: integer('per_city').notNull(),
    dueAt: integer('due_at'),
    dueOffsetHours: integer('due_offset_hours'),
    evidence: text('evidence', { mode: 'json' }).$type<TaskEvidenceRequirement>().notNull(),
  },
  (t) => [index('task_templates_campaign_idx').on(t.campaignId)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    campaignId: text('campaign_id').references(() => campaigns.id),
    templateId: text('template_id').references(() => taskTemplates.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    cityId: text('city_id')
      .notNull()
      .references(() => cities.id),
    title: text('title').notNull(),
    description: text('description'),
    /** Copied from the template: the Chinese wording for zh-CN readers (null: `title` for all). */
    titleZh: text('title_zh'),
    descriptionZh: text('description_zh'),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: TASK_STATUSES }).notNull(),
    claimedBy: text('claimed_by').references(() => users.id),
    claimedAt: integer('claimed_at'),
    completedAt: integer('completed_at'),
    evidencePhotoKey: text('evidence_photo_key'),
    evidenceLat: real('evidence_lat'),
    evidenceLng: real('evidence_lng'),
    evidenceNote: text('evidence_note'),
    lagReason: text('lag_reason'),
    lagNote: text('lag_note'),
    /** Evidence the template asks for, copied onto the task so the wall can check it alone. */
    evidenceRequired: text('evidence_required', { mode: 'json' }).$type<TaskEvidenceRequirement>(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('tasks_region_status_due_idx').on(t.regionId, t.status, t.dueAt),
    index('tasks_city_status_due_idx').on(t.cityId, t.status, t.dueAt),
    index('tasks_claimed_by_idx').on(t.claimedBy, t.status),
  ],
);

/**
 * Every state change of a region wall (claim, release, reassign, completion, escalation,
 * reminder), written from the object's outbox. The event id is the key, so a flush that is
 * retried records each change once.
 */
export const wallEvents = sqliteTable(
  'wall_events',
  {
    eventId: text('event_id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind').notNull(),
    taskId: text('task_id'),
    actorId: text('actor_id'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: integer('occurred_at').notNull(),
  },
  (t) => [
    index('wall_events_region_time_idx').on(t.regionId, t.occurredAt),
    index('wall_events_task_idx').on(t.taskId),
  ],
);

export const escalations = sqliteTable(
  'escalations',
  {
    id: text('id').primaryKey(),
    /** The Durable Object's event id: the D1 row is written once however often it is flushed. */
    eventId: text('event_id').notNull().unique(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind', { enum: ESCALATION_KINDS }).notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** Who must act: the region manager, unless reassigned. */
    ownerId: text('owner_id').references(() => users.id),
    /** The rep whose lead, deal, commitment or task it is. */
    subjectOwnerId: text('subject_owner_id').references(() => users.id),
    title: text('title'),
    /** The subject's Chinese wording when it has one (a campaign task's `title_zh`). */
    titleZh: text('title_zh'),
    level: integer('level').notNull().default(1),
    status: text('status', { enum: ['open', 'acknowledged', 'resolved'] }).notNull(),
    openedAt: integer('opened_at').notNull(),
    /** When it really became due (a stale deal: its last progress + 14 days), not when it was noticed. */
    dueAt: integer('due_at'),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    index('escalations_region_status_idx').on(t.regionId, t.status, t.openedAt),
    index('escalations_owner_status_idx').on(t.ownerId, t.status),
    index('escalations_region_status_due_idx').on(t.regionId, t.status, t.dueAt),
  ],
);

/** A parameter is a number, a string the same in every language, or one text per language. */
export type NotificationParams = Record<string, string | number | Record<Locale, string>>;

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    recipientId: text('recipient_id').references(() => users.id),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    kind: text('kind').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    /** As first written, in the recipient's language then: what rows without a message key show. */
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Catalog keys and parameters: the title (and body) are written in the reader's language when read or sent. */
    titleKey: text('title_key'),
    /** Null: the body is data (a lead's message, a task's title) and shows as stored. */
    bodyKey: text('body_key'),
    messageParams: text('message_params', { mode: 'json' }).$type<NotificationParams>(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull(),
    /** Same key, same notification: producers may retry without sending twice. */
    dedupeKey: text('dedupe_key').unique(),
    /** For an outbound copy: the admin's route (chat robot or webhook) it goes through. */
    routeId: text('route_id'),
    /** A sender holds the notification until then; a second sender keeps away, so it goes out once. */
    claimedUntil: integer('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    dueAt: integer('due_at').notNull(),
    sentAt: integer('sent_at'),
    readAt: integer('read_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('notifications_recipient_idx').on(t.recipientId, t.channel, t.createdAt),
    index('notifications_status_due_idx').on(t.status, t.dueAt),
  ],
);

export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: text('id').primaryKey(),
    notificationId: text('notification_id')
      .notNull()
      .references(() => notifications.id),
    attempt: integer('attempt').notNull(),
    outcome: text('outcome', { enum: ['sent', 'retry', 'failed'] }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    attemptedAt: integer('attempted_at').notNull(),
  },
  (t) => [index('notification_attempts_notification_idx').on(t.notificationId, t.attempt)],
);

/**
 * One row per point a person earned, keyed `<rule>:<record>` so a record earns its points once;
 * each names the record that earned it (docs/rules.md#points).
 */
export const pointAwards = sqliteTable(
  'point_awards',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    cityId: text('city_id').references(() => cities.id),
    rule: text('rule').notNull(),
    subjectType: text('subject_type', { enum: ['visit', 'lead', 'task', 'contract'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    /** The customer the record belongs to, for the link to it (tasks have none). */
    customerId: text('customer_id'),
    points: integer('points').notNull(),
    earnedAt: integer('earned_at').notNull(),
  },
  (t) => [
    index('point_awards_region_time_idx').on(t.regionId, t.earnedAt),
    index('point_awards_user_time_idx').on(t.userId, t.earnedAt),
  ],
);

/**
 * One row per scheduled region job and period (`<job>:<region>:<period>`, queues/region-schedule.ts):
 * what /admin/jobs shows. A redelivered message or a re-run updates the same row.
 */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: text('id').primaryKey(),
    job: text('job').notNull(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    /** The local day the run covers (`YYYY-MM-DD`), or its hour for hourly jobs (`YYYY-MM-DDTHH`). */
    period: text('period').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    rowsTouched: integer('rows_touched'),
    errors: integer('errors'),
    lastError: text('last_error'),
    /** The admin who last asked for it again; null when only the schedule ran it. */
    requestedBy: text('requested_by').references(() => users.id),
  },
  (t) => [
    index('job_runs_started_idx').on(t.startedAt),
    index('job_runs_region_started_idx').on(t.regionId, t.startedAt),
  ],
);

export const reports = sqliteTable(
  'reports',
  {
    id: text('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind', { enum: ['nightly'] }).notNull(),
    /** The region-local calendar day the report covers, `YYYY-MM-DD`. */
    periodDay: text('period_day').notNull(),
    fileKey: text('file_key'),
    summary: text('summary', { mode: 'json' }).$type<Record<string, number>>(),
    status: text('status', { enum: ['building', 'ready', 'delivered'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [uniqueIndex('reports_region_kind_day_idx').on(t.regionId, t.kind, t.periodDay)],
);

/**
 * What the nightly rollups count per region, city, rep and region-local day (docs/rules.md#rollups).
 * `dimension` splits a figure: the lag reason of overdue tasks, the stage deals moved to, the
 * health band of customers; '' when the figure has no split.
 */
export const ROLLUP_METRICS = [
  'visits',
  'visits_verified',
  'aci_sample',
  'aci_sample_consistent',
  'leads_new',
  'first_responses',
  'first_response_ms',
  'tasks_done',
  'tasks_overdue',
  'stage_moves',
  'customers_by_health',
] as const;
export type RollupMetric = (typeof ROLLUP_METRICS)[number];

/** Daily figures the reports and heatmaps read instead of the busy tables. '' = no city or rep. */
export const dailyRollups = sqliteTable(
  'daily_rollups',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    day: text('day').notNull(),
    metric: text('metric', { enum: ROLLUP_METRICS }).notNull(),
    cityId: text('city_id').notNull(),
    repId: text('rep_id').notNull(),
    dimension: text('dimension').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.day, t.metric, t.cityId, t.repId, t.dimension] })],
);

/** Each lead's first response (first touch − created), on the day it was given: for the median. */
export const dailyFirstResponses = sqliteTable(
  'daily_first_responses',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    day: text('day').notNull(),
    leadId: text('lead_id').notNull(),
    cityId: text('city_id').notNull(),
    repId: text('rep_id').notNull(),
    responseMs: integer('response_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.regionId, t.day, t.leadId] }),
    index('daily_first_responses_time_idx').on(t.regionId, t.day, t.responseMs),
  ],
);

/** The region-days whose rollups have been computed, and when (a report builds them if missing). */
export const rollupDays = sqliteTable(
  'rollup_days',
  {
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    day: text('day').notNull(),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.day] })],
);

/** Configured inbound sources (form tools, chat platforms). Secrets stay server-side. */
export const webhookSources = sqliteTable('webhook_sources', {
  id: text('id').primaryKey(),
  provider: text('provider', {
    enum: ['standard', 'typeform', 'tally', 'generic', 'slack', 'feishu', 'dingtalk', 'wecom'],
  }).notNull(),
  name: text('name').notNull(),
  secret: text('secret').notNull(),
  /** Provider extras: field mapping for generic forms, Feishu encrypt key, WeCom AES key… */
  config: text('config', { mode: 'json' }).$type<Record<string, string>>(),
  defaultRegionId: text('default_region_id').references(() => regions.id),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    provider: text('provider').notNull(),
    sourceId: text('source_id'),
    /** The provider's own delivery id (webhook-id, event_id, msgId…): the dedupe key. */
    deliveryId: text('delivery_id').notNull(),
    receivedAt: integer('received_at').notNull(),
    status: text('status', { enum: ['queued', 'processed', 'failed'] }).notNull(),
    payload: text('payload').notNull(),
    error: text('error'),
    processedAt: integer('processed_at'),
  },
  (t) => [uniqueIndex('webhook_deliveries_provider_delivery_idx').on(t.provider, t.deliveryId)],
);

/**
 * Signed header pairs already accepted from a provider that signs only a timestamp (DingTalk):
 * each pair is good once; rows go when the provider's window has passed.
 */
export const webhookSignaturesSeen = sqliteTable(
  'webhook_signatures_seen',
  {
    key: text('key').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('webhook_signatures_seen_expires_idx').on(t.expiresAt)],
);

/** Responses remembered per (user, key) so a retried submit returns the first result. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: text('response_body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

/**
 * A secret shown once after a form redirects (a new API token, a new source's signing secret):
 * kept under the form's idempotency key for a few minutes, deleted by the page that shows it.
 */
export const oneTimeSecrets = sqliteTable(
  'one_time_secrets',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    secret: text('secret').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key] }),
    index('one_time_secrets_expires_idx').on(t.expiresAt),
  ],
);

export const IMPORT_KINDS = ['customers', 'contacts', 'contracts', 'orders', 'users'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** `failed`: the queue gave up on a chunk; the rows before it stay imported. */
export const IMPORT_STATUSES = ['preview', 'running', 'done', 'failed'] as const;

/**
 * A CSV import: the file in R2 (`imports/<id>/source.csv`), its column mapping, and how far the
 * queue has got. `cursor` is the next data row to process (0 = the row under the header); it and
 * the counters move in the same batch as the rows they count, so a retried chunk adds nothing.
 */
export const imports = sqliteTable(
  'imports',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    uploadedBy: text('uploaded_by')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    fileName: text('file_name').notNull(),
    /** `utf-8` or `gb18030` (an Excel file saved as Chinese "CSV"). */
    encoding: text('encoding').notNull(),
    /** The file's header row and, per column, the field it goes to (null: ignored). */
    headers: text('headers', { mode: 'json' }).$type<string[]>().notNull(),
    mapping: text('mapping', { mode: 'json' }).$type<(string | null)[]>().notNull(),
    /** Where invitation links of a users import point (the site the importer used). */
    origin: text('origin').notNull(),
    status: text('status', { enum: IMPORT_STATUSES }).notNull(),
    totalRows: integer('total_rows').notNull(),
    cursor: integer('cursor').notNull().default(0),
    /** Where in the decoded text the cursor's row begins: a chunk parses from there, not from the top. */
    cursorOffset: integer('cursor_offset').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** D1 statements the chunks ran (reads and writes): the benchmark's cost per 1,000 rows. */
    statementCount: integer('statement_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('imports_region_created_idx').on(t.regionId, t.createdAt),
    index('imports_status_updated_idx').on(t.status, t.updatedAt),
  ],
);

/** Why a row of an import was not imported: its row number as the spreadsheet shows it (header = 1). */
export const importErrors = sqliteTable(
  'import_errors',
  {
    importId: text('import_id')
      .notNull()
      .references(() => imports.id),
    row: integer('row').notNull(),
    /** The file's column header, or null for a row-wide reason. */
    column: text('column'),
    /** A catalogue key: each reader sees the reason in their language. */
    reason: text('reason').notNull(),
  },
  (t) => [index('import_errors_import_row_idx').on(t.importId, t.row)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
    /** The customer a change of the sales book belongs to: its timeline reads these entries. */
    customerId: text('customer_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_customer_idx').on(t.customerId, t.createdAt),
    // The audit page's "who" filter, newest first.
    index('audit_log_actor_idx').on(t.actorId, t.createdAt),
  ],
);

/** Buying keywords that make a chat or form message a high-priority lead; admins edit them. */
export const keywordRules = sqliteTable(
  'keyword_rules',
  {
    id: text('id').primaryKey(),
    keyword: text('keyword').notNull(),
    /** English keywords match whole words; Chinese ones match anywhere in the text. */
    language: text('language', { enum: ['en', 'zh'] }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('keyword_rules_keyword_idx').on(t.keyword)],
);

/**
 * One row per customer and silent stretch its owner was reminded of (keyed by the customer's last
 * interaction), so a stretch is reminded of once however often the job runs.
 */
export const silentCustomerReminders = sqliteTable(
  'silent_customer_reminders',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    lastInteractionAt: integer('last_interaction_at').notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    /** The region-local day of the run that noticed the silence: the owner's message of that day lists it. */
    day: text('day').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.lastInteractionAt] }),
    index('silent_customer_reminders_region_day_idx').on(t.regionId, t.day, t.ownerId),
  ],
);

/** Chat messages from a known customer, shown on the customer's timeline. */
export const customerMessages = sqliteTable(
  'customer_messages',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel').notNull(),
    sender: text('sender'),
    text: text('text').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** The inbound delivery it came from: one message per delivery, however often processed. */
    deliveryId: text('delivery_id').notNull().unique(),
  },
  (t) => [index('customer_messages_customer_time_idx').on(t.customerId, t.receivedAt)],
);

export const FEEDBACK_STEPS = ['link_sent', 'manager_todo', 'dormant', 'answered'] as const;

/**
 * The feedback link of a customer's first visit (docs/rules.md#follow-up-sequence): one per first
 * visit. `tokenHash` is the SHA-256 of the signed token in the link; the answers are kept here
 * and shown on the customer's timeline. `step` is the last thing the sequence did.
 */
export const feedbackRequests = sqliteTable(
  'feedback_requests',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    /** The first visit the feedback is about. */
    visitId: text('visit_id').notNull(),
    /** The primary contact it was made for; null: the customer's own phone or e-mail. */
    contactId: text('contact_id'),
    recipientName: text('recipient_name'),
    phone: text('phone'),
    email: text('email'),
    locale: text('locale', { enum: LOCALES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    answeredAt: integer('answered_at'),
    /** Overall satisfaction, 1–5. */
    satisfaction: integer('satisfaction'),
    wantsCall: integer('wants_call', { mode: 'boolean' }),
    comment: text('comment'),
    step: text('step', { enum: FEEDBACK_STEPS }).notNull(),
  },
  (t) => [
    uniqueIndex('feedback_requests_visit_idx').on(t.visitId),
    uniqueIndex('feedback_requests_token_idx').on(t.tokenHash),
    index('feedback_requests_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/** Where round-robin lead assignment continues in each region (reps without response history). */
export const assignmentCursors = sqliteTable('assignment_cursors', {
  regionId: text('region_id')
    .primaryKey()
    .references(() => regions.id),
  nextIndex: integer('next_index').notNull(),
});

export const ROUTE_CHANNELS = ['slack', 'feishu', 'dingtalk', 'wecom', 'webhook'] as const;

/**
 * Where a user's or a region's notifications also go: a Slack incoming webhook, a Feishu,
 * DingTalk or WeCom group robot, or a generic webhook signed the Standard Webhooks way.
 */
export const notificationRoutes = sqliteTable(
  'notification_routes',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    userId: text('user_id').references(() => users.id),
    regionId: text('region_id').references(() => regions.id),
    channel: text('channel', { enum: ROUTE_CHANNELS }).notNull(),
    url: text('url').notNull(),
    /** Robot signing secret (Feishu, DingTalk) or the webhook's `whsec_` secret. */
    secret: text('secret'),
    /** Robots throttle senders (DingTalk: 20 a minute); we stay under the limit ourselves. */
    ratePerMinute: integer('rate_per_minute').notNull().default(20),
    /** The customers' gateway only: the address of Fieldwall that links in its messages point to. */
    linkOrigin: text('link_origin'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('notification_routes_user_idx').on(t.userId),
    index('notification_routes_region_idx').on(t.regionId),
  ],
);
