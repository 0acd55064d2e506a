import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

type ReportRow = {
  id: string;
  periodDay: string;
  regionName: string;
  regionNameZh: string;
  summary: Record<string, number> | null;
};

/** `/reports`: one row per region and day, newest first, each opening the report. */
export function ReportsPage({ reports }: { reports: ReportRow[] }) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('reports.title')}>
      <h1>{t('reports.title')}</h1>
      {reports.length === 0 ? <p class="muted">{t('reports.empty')}</p> : null}
      <ul class="rows" id="reports">
        {reports.map((report) => {
          const figures = report.summary ?? {};
          return (
            <li>
              <div class="row-body">
                <a class="row-title" href={`/reports/${encodeURIComponent(report.id)}`}>
                  {t('notification.reportReady.title', {
                    region: locale === 'zh-CN' ? report.regionNameZh : report.regionName,
                    day: report.periodDay,
                  })}
                </a>
                <br />
                <span class="muted">
                  {t('notification.reportReady.body', {
                    visits: figures.visits ?? 0,
                    aci: figures.aci ?? 0,
                    leads: figures.newLeads ?? 0,
                    overdue: figures.overdueTasks ?? 0,
                  })}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
