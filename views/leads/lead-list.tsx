import { formatRelative } from '../../worker/platform/http/format';
import { catalogLabel } from '../../worker/platform/i18n/labels';
import type { listLeads } from '../../worker/leads/queries';
import type { LeadTab } from '../../worker/leads/lead-tabs';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { MoreListItem } from '../platform/more-link';

type LeadListPage = Awaited<ReturnType<typeof listLeads>>;

const tabHref = (tab: LeadTab, cursor?: string) =>
  `/leads?${new URLSearchParams({ tab, ...(cursor ? { cursor } : {}) })}`;

/** The rows and the "more" link: htmx swaps the link for the next rows; without JS it is a page. */
export function LeadRows({ page, tab }: { page: LeadListPage; tab: LeadTab }) {
  const { t, now, user } = usePage();
  // A rep's leads are all their own; managers and the director see who has each one.
  const showAssignee = user?.role !== 'rep';
  const moreHref = page.nextCursor ? tabHref(tab, page.nextCursor) : null;
  return (
    <>
      {page.items.length === 0 ? <li class="muted empty">{t('leads.empty')}</li> : null}
      {page.items.map((lead) => (
        <li>
          <a href={`/leads/${encodeURIComponent(lead.id)}`}>
            <span class="row-title">
              {lead.name}
              {lead.company ? ` · ${lead.company}` : ''}
            </span>
            <br />
            <span class="muted">
              {catalogLabel(t, 'channel', lead.channel)} · {t(`lead.status.${lead.status}`)}
              {showAssignee ? ` · ${lead.assigneeName ?? t('lead.notAssigned')}` : ''} ·{' '}
              {t('inbox.age', { age: formatRelative(lead.createdAt, now, t) })}
            </span>
          </a>
        </li>
      ))}
      {moreHref ? <MoreListItem id="more-leads" href={moreHref} label={t('leads.more')} /> : null}
    </>
  );
}

/** All the leads in the viewer's scope, one status tab at a time, newest first. */
export function LeadListPage({
  page,
  tab,
  tabs,
}: {
  page: LeadListPage;
  tab: LeadTab;
  tabs: readonly LeadTab[];
}) {
  const { t } = usePage();
  return (
    <Layout title={t('leads.title')}>
      <h1>{t('leads.title')}</h1>
      <nav class="tabs" aria-label={t('leads.tabs')}>
        {tabs.map((name) => (
          <a href={tabHref(name)} aria-current={name === tab ? 'page' : undefined}>
            {t(`leads.tab.${name}`)}
          </a>
        ))}
      </nav>
      <ul class="rows" id="lead-rows">
        <LeadRows page={page} tab={tab} />
      </ul>
    </Layout>
  );
}
