import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

type ReportRow = {
  id: string;
  regionId: string;
  periodDay: string;
  regionName: string;
  regionNameZh: string;
  summary: Record<string, number> | null;
};

/** `/reports`: one row per region and day, newest first, each opening the report; paged. */
export function ReportsPage({
  reports,
  page,
  hasOlder,
}: {
  reports: ReportRow[];
  page: number;
  hasOlder: boolean;
}) {
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
                <a
                  class="row-title"
                  href={`/reports/${encodeURIComponent(report.regionId)}/${report.periodDay}`}
                >
                  {t('notification.reportReady.title', {
                    region: locale === 'zh-CN' ? report.regionNameZh : report.regionName,
                    day: report.periodDay,
                  })}
                </a>
                <br />
                <span class="muted">
                  {t('report.summary', {
                    visits: figures.visits ?? 0,
                    aci: figures.aci ?? 100,
                    leads: figures.newLeads ?? 0,
                    overdue: figures.overdueTasks ?? 0,
                  })}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      <nav class="report-links" aria-label={t('reports.title')}>
        {page > 1 ? (
          <a href={page === 2 ? '/reports' : `/reports?page=${page - 1}`} rel="prev">
            {t('reports.newer')}
          </a>
        ) : null}
        {hasOlder ? (
          <a href={`/reports?page=${page + 1}`} rel="next">
            {t('reports.older')}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
