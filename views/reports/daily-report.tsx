import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import type { MessageKey } from '../../worker/platform/i18n';
import type { Breakdown, DailyReport } from '../../worker/reports/daily-report';
import type { Compared } from '../../worker/reports/report-rules';
import { breakdownLabel, FIGURE_ROWS } from './report-labels';

const UNKNOWN = '—';

export const shown = (value: number | null) => (value === null ? UNKNOWN : String(value));

export function shownChange({ change }: Compared): string {
  if (change === null) return UNKNOWN;
  return change > 0 ? `+${change}` : String(change);
}

function ComparedCells({ figure }: { figure: Compared }) {
  return (
    <>
      <td class="num">{shown(figure.value)}</td>
      <td class="num">{shown(figure.previous)}</td>
      <td class="num">{shownChange(figure)}</td>
    </>
  );
}

/**
 * A bar as wide as the row's share of the largest value: inline SVG, whose geometry is markup
 * (the content security policy refuses inline styles), and which prints too.
 */
function Bar({ value, largest }: { value: number | null; largest: number }) {
  const width = value === null || largest === 0 ? 0 : Math.round((100 * value) / largest);
  return (
    <td class="bar-cell" aria-hidden="true">
      <svg class="report-bar" viewBox="0 0 100 12" preserveAspectRatio="none" focusable="false">
        <rect width={width} height="12" rx="2" />
      </svg>
    </td>
  );
}

function BreakdownTable({
  id,
  caption,
  keyHeading,
  rows,
  label,
}: {
  id: string;
  caption: MessageKey;
  keyHeading: MessageKey;
  rows: Breakdown[];
  label: (key: string) => string;
}) {
  const { t } = usePage();
  const largest = Math.max(0, ...rows.map((row) => row.value ?? 0));
  return (
    <section>
      <h2 id={`${id}-title`}>{t(caption)}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('report.none')}</p>
      ) : (
        <div class="table-wrap">
          <table id={id} aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col">{t(keyHeading)}</th>
                <th scope="col" class="num">
                  {t('report.thisDay')}
                </th>
                <th scope="col" class="num">
                  {t('report.lastWeek')}
                </th>
                <th scope="col" class="num">
                  {t('report.change')}
                </th>
                <td class="bar-cell" />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-key={row.key}>
                  <th scope="row">{label(row.key)}</th>
                  <ComparedCells figure={row} />
                  <Bar value={row.value} largest={largest} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** `/reports/:region/:date`: the region's day, printable (app.css has the print rules). */
export function DailyReportPage({ report }: { report: DailyReport }) {
  const { t, locale } = usePage();
  const regionName = locale === 'zh-CN' ? report.region.nameZh : report.region.name;
  const title = t('report.title', { region: regionName, day: report.day });
  const cityName = (id: string) => {
    const city = report.cities.find((c) => c.id === id);
    return city ? (locale === 'zh-CN' ? city.nameZh : city.name) : id;
  };
  return (
    <Layout title={title}>
      <article class="daily-report">
        <nav class="report-links no-print">
          <a href="/reports">{t('report.allReports')}</a>
          <a href={`/reports/${encodeURIComponent(report.region.id)}/${report.day}.csv`} download>
            {t('report.downloadCsv')}
          </a>
        </nav>
        <h1>{title}</h1>
        <p class="muted">{t('report.comparedWith', { day: report.previousDay })}</p>
        <section>
          <h2 id="figures-title">{t('report.figures')}</h2>
          <div class="table-wrap">
            <table id="figures" aria-labelledby="figures-title">
              <thead>
                <tr>
                  <th scope="col">{t('report.figure')}</th>
                  <th scope="col" class="num">
                    {t('report.thisDay')}
                  </th>
                  <th scope="col" class="num">
                    {t('report.lastWeek')}
                  </th>
                  <th scope="col" class="num">
                    {t('report.change')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {FIGURE_ROWS.map(([name, label]) => (
                  <tr data-figure={name}>
                    <th scope="row">{t(label)}</th>
                    <ComparedCells figure={report.totals[name]} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <BreakdownTable
          id="lag-reasons"
          caption="report.lagReasons"
          keyHeading="report.lagReason"
          rows={report.topLagReasons}
          label={(key) => breakdownLabel(t, 'lag', key)}
        />
        <BreakdownTable
          id="stage-moves"
          caption="report.stageMoves"
          keyHeading="report.stage"
          rows={report.stageMoves}
          label={(key) => breakdownLabel(t, 'stage', key)}
        />
        <BreakdownTable
          id="health"
          caption="report.health"
          keyHeading="report.healthBand"
          rows={report.health}
          label={(key) => breakdownLabel(t, 'health', key)}
        />
        <BreakdownTable
          id="visits-by-city"
          caption="report.byCity"
          keyHeading="customers.city"
          rows={report.visitsByCity}
          label={cityName}
        />
      </article>
    </Layout>
  );
}
