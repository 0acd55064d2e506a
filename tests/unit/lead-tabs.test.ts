import { describe, expect, it } from 'vitest';
import { LEAD_TAB_NAMES, statusesOfTab } from '../../worker/leads/lead-tabs';
import { LEAD_STATUSES } from '../../worker/platform/db/schema';

describe('lead tabs', () => {
  it('puts every lead status on exactly one tab', () => {
    const listed = LEAD_TAB_NAMES.flatMap((tab) => statusesOfTab(tab));
    expect([...listed].sort()).toEqual([...LEAD_STATUSES].sort());
    expect(statusesOfTab('open')).toEqual(['new', 'contacted', 'qualified']);
  });
});
