import type { LEAD_STATUSES } from '../platform/db/schema';

type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Leads still being worked; converted and disqualified ones are closed. */
export const OPEN_LEAD_STATUSES = ['new', 'contacted', 'qualified'] as const;

export const isOpenLead = (status: LeadStatus) =>
  (OPEN_LEAD_STATUSES as readonly LeadStatus[]).includes(status);

/** The tabs of "all my leads": still being worked, turned into a customer, or let go. */
export const LEAD_TABS = {
  open: OPEN_LEAD_STATUSES,
  converted: ['converted'],
  disqualified: ['disqualified'],
} as const satisfies Record<string, readonly LeadStatus[]>;

export type LeadTab = keyof typeof LEAD_TABS;

export const LEAD_TAB_NAMES = Object.keys(LEAD_TABS) as [LeadTab, ...LeadTab[]];

/** The statuses a tab lists. */
export function statusesOfTab(tab: LeadTab): readonly LeadStatus[] {
  return LEAD_TABS[tab];
}
