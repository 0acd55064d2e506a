/** What the daily report's rows are called: the page, the CSV and the JSON share these names. */
import type { MessageKey, Translate } from '../../worker/platform/i18n';
import type { ReportTotals } from '../../worker/reports/daily-report';

/** The rows of the figures table, in reading order; the CSV and the JSON use the same names. */
export const FIGURE_ROWS: [keyof ReportTotals, MessageKey][] = [
  ['visits', 'report.visits'],
  ['verifiedVisits', 'report.verifiedVisits'],
  ['verifiedPercent', 'report.verifiedPercent'],
  ['newLeads', 'report.newLeads'],
  ['firstResponses', 'report.firstResponses'],
  ['medianFirstResponseMinutes', 'report.medianFirstResponse'],
  ['tasksDone', 'report.tasksDone'],
  ['tasksOverdue', 'report.overdueTasks'],
  ['dealsMoved', 'report.dealsMoved'],
  ['aciSample', 'report.aciSample'],
  ['aciPercent', 'report.aci'],
  ['contractsExpiring', 'report.expiringContracts'],
];

/** Names of the split rows in the reader's language. */
export function breakdownLabel(t: Translate, section: 'lag' | 'stage' | 'health', key: string) {
  if (section === 'lag')
    return key === '' ? t('report.noLagReason') : t(`lag.${key}` as MessageKey);
  if (section === 'stage') return t(`stage.${key}` as MessageKey);
  return t(`health.${key}` as MessageKey);
}
