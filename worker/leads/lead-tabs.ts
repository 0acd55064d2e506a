import type { LEAD_STATUSES } from '../platform/db/schema';

type LeadStatus = (typeof LEAD_STATUSES)[number];

/** The tabs of "all my leads": still being worked, turned into a customer, or let go. */
export const LEAD_TABS = {
  open: ['new', 'contacted', 'qualified'],
  converted: ['converted'],
  disqualified: ['disqualified'],
} as const satisfies Record<string, readonly LeadStatus[]>;

export type LeadTab = keyof typeof LEAD_TABS;

export const LEAD_TAB_NAMES = Object.keys(LEAD_TABS) as [LeadTab, ...LeadTab[]];

/** The statuses a tab lists. */
export function statusesOfTab(tab: LeadTab): readonly LeadStatus[] {
  return LEAD_TABS[tab];
}
