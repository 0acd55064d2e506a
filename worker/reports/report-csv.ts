/** The daily report as CSV (the figures of the page, in the reader's language). */
import { CSV_BOM, csvRow } from '../exports/csv';
import type { Translate } from '../platform/i18n';
import type { Compared } from './report-rules';
import type { DailyReport } from './daily-report';
import { breakdownLabel, FIGURE_ROWS } from '../../views/reports/report-labels';

export function dailyReportCsv(
  report: DailyReport,
  t: Translate,
  cityName: (id: string) => string,
) {
  const line = (section: string, name: string, figure: Compared) =>
    csvRow([section, name, figure.value, figure.previous, figure.change]);
  return [
    CSV_BOM,
    csvRow([
      t('report.figures'),
      t('report.figure'),
      `${t('report.thisDay')} ${report.day}`,
      `${t('report.lastWeek')} ${report.previousDay}`,
      t('report.change'),
    ]),
    ...FIGURE_ROWS.map(([name, label]) => line(t('report.figures'), t(label), report.totals[name])),
    ...report.topLagReasons.map((row) =>
      line(t('report.lagReasons'), breakdownLabel(t, 'lag', row.key), row),
    ),
    ...report.stageMoves.map((row) =>
      line(t('report.stageMoves'), breakdownLabel(t, 'stage', row.key), row),
    ),
    ...report.health.map((row) =>
      line(t('report.health'), breakdownLabel(t, 'health', row.key), row),
    ),
    ...report.visitsByCity.map((row) => line(t('report.byCity'), cityName(row.key), row)),
  ].join('');
}
