import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import type { MessageKey } from '../../worker/platform/i18n';
import type { Band, HeatmapMetric, Period } from '../../worker/analytics/heatmap-rules';

/** One cell as shown: its figure, the previous period's, its band and the arrow between them. */
export type HeatmapCell = {
  metric: HeatmapMetric;
  value: number | null;
  previous: number | null;
  band: Band | null;
  trend: 'up' | 'down' | 'level' | null;
};
export type HeatmapRow = { id: string; name: string; href: string; cells: HeatmapCell[] };
export type Crumb = { label: string; href: string };

export type HeatmapGrid = {
  title: string;
  rowHeading: MessageKey;
  /** The columns, in order (every row has one cell per metric, in this order). */
  metrics: readonly HeatmapMetric[];
  periods: readonly Period[];
  rows: HeatmapRow[];
  crumbs: Crumb[];
  period: Period;
  /** The page's address without the period (`?…&` ready): the period links and the CSV add theirs. */
  pagePath: (period: Period, extra?: string) => string;
  fragmentPath: (period: Period) => string;
  /** Rows that open the next level with htmx (reps link to a plain page). */
  drills: boolean;
};

export const METRIC_LABELS: Record<HeatmapMetric, MessageKey> = {
  visitsPerRepWeek: 'analytics.metric.visitsPerRepWeek',
  verifiedPercent: 'analytics.metric.verifiedPercent',
  medianFirstResponseMinutes: 'analytics.metric.medianFirstResponseMinutes',
  tasksDone: 'analytics.metric.tasksDone',
  tasksOverdue: 'analytics.metric.tasksOverdue',
  aciPercent: 'analytics.metric.aciPercent',
  redHealthPercent: 'analytics.metric.redHealthPercent',
  stageMoves: 'analytics.metric.stageMoves',
  contractsEnding: 'analytics.metric.contractsEnding',
};

const PERIOD_LABELS: Record<Period, MessageKey> = {
  'this-week': 'analytics.period.thisWeek',
  'last-week': 'analytics.period.lastWeek',
  'last-4-weeks': 'analytics.period.last4Weeks',
};

const TREND_SIGNS = { up: '↑', down: '↓', level: '→' } as const;

/** A cell's figure as shown (and exported): unknown is a dash, never zero. */
export const cellText = (value: number | null) => (value === null ? '—' : String(value));

function Cell({ cell }: { cell: HeatmapCell }) {
  const { t } = usePage();
  const { metric, band, trend: direction } = cell;
  return (
    <td class={`num heat${band ? ` heat-${band}` : ''}`} data-metric={metric}>
      <span class="heat-value">{cellText(cell.value)}</span>
      {band ? <span class="heat-marker"> {t(`analytics.band.${band}`)}</span> : null}
      {direction ? (
        <span
          class="heat-trend"
          role="img"
          aria-label={t(`analytics.trend.${direction}`, { previous: cellText(cell.previous) })}
          title={t(`analytics.trend.${direction}`, { previous: cellText(cell.previous) })}
        >
          {' '}
          {TREND_SIGNS[direction]}
        </span>
      ) : null}
    </td>
  );
}

/** The grid with its breadcrumb and period switch: the fragment the drill-down swaps in. */
export function HeatmapFragment({ grid }: { grid: HeatmapGrid }) {
  const { t } = usePage();
  const swap = (href: string, fragment: string) => ({
    href,
    'hx-get': fragment,
    'hx-target': '#heatmap',
    'hx-swap': 'outerHTML',
    'hx-push-url': href,
  });
  return (
    <section id="heatmap" aria-labelledby="heatmap-title">
      <nav aria-label={t('analytics.breadcrumb')} class="breadcrumb">
        <ol>
          {grid.crumbs.map((crumb, i) =>
            i === grid.crumbs.length - 1 ? (
              <li aria-current="page">{crumb.label}</li>
            ) : (
              <li>
                <a href={crumb.href}>{crumb.label}</a>
              </li>
            ),
          )}
        </ol>
      </nav>
      <h2 id="heatmap-title">{grid.title}</h2>
      <p class="period-switch">
        {grid.periods.map((period) =>
          period === grid.period ? (
            <strong aria-current="true">{t(PERIOD_LABELS[period])}</strong>
          ) : (
            <a {...swap(grid.pagePath(period), grid.fragmentPath(period))}>
              {t(PERIOD_LABELS[period])}
            </a>
          ),
        )}{' '}
        <a href={grid.pagePath(grid.period, 'format=csv')} download>
          {t('analytics.csv')}
        </a>
      </p>
      <p class="muted">{t('analytics.legend')}</p>
      <div class="table-wrap">
        <table class="heatmap">
          <thead>
            <tr>
              <th scope="col">{t(grid.rowHeading)}</th>
              {grid.metrics.map((metric) => (
                <th scope="col">{t(METRIC_LABELS[metric])}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row) => (
              <tr>
                <th scope="row">
                  {grid.drills ? (
                    <a {...swap(row.href, row.href.replace('?', '/heatmap?'))}>{row.name}</a>
                  ) : (
                    <a href={row.href}>{row.name}</a>
                  )}
                </th>
                {row.cells.map((cell) => (
                  <Cell cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export type Pioneer = { id: string; name: string; points: number };

export function HeatmapPage({
  heading,
  grid,
  pioneers,
}: {
  heading: string;
  grid: HeatmapGrid;
  pioneers: Pioneer[] | null;
}) {
  const { t } = usePage();
  return (
    <Layout title={heading}>
      <h1>{heading}</h1>
      <HeatmapFragment grid={grid} />
      {pioneers ? (
        <section aria-labelledby="pioneers-title">
          <h2 id="pioneers-title">{t('analytics.pioneers')}</h2>
          {pioneers.length === 0 ? (
            <p class="muted">{t('analytics.pioneersNone')}</p>
          ) : (
            <ol class="pioneers">
              {pioneers.map((pioneer) => (
                <li>
                  {pioneer.name} — {t('analytics.points', { points: pioneer.points })}
                </li>
              ))}
            </ol>
          )}
          <p>
            <a href="/leaderboard">{t('analytics.toLeaderboard')}</a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
