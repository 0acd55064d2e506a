import type { escalations } from '../worker/db/schema';
import { localText } from '../worker/i18n/labels';
import { formatDuration } from '../worker/http/format';
import { CsrfField, Layout, PostButton, type PageFrame } from './layout';

type Row = { escalation: typeof escalations.$inferSelect; ownerName: string | null; repName: string | null };
type Person = { id: string; name: string; regionId: string | null; role: string };

export function EscalationsPage({ frame, rows, people }: { frame: PageFrame; rows: Row[]; people: Person[] }) {
  const { t, now } = frame;
  return (
    <Layout frame={frame} title={t('escalations.title')}>
      <h1>{t('escalations.title')}</h1>
      {rows.length === 0 ? <p class="muted">{t('escalations.empty')}</p> : null}
      <ul class="rows">
        {rows.map(({ escalation, ownerName, repName }) => (
          <li id={`escalation-${escalation.id}`} class={escalation.status === 'open' ? 'overdue' : undefined}>
            <div class="row-body">
              <span class="row-title">{t(`inbox.escalation.${escalation.kind}`)}</span>
              {escalation.status === 'acknowledged' ? <span class="tag"> {t('escalations.acknowledged')}</span> : null}
              <br />
              {escalation.title ? <span>{localText(frame.locale, escalation.title, escalation.titleZh)}</span> : null}
              <br />
              <span class="muted">
                {t('escalations.age', { age: formatDuration(now - escalation.openedAt, t) })} · {t('escalations.owner')}: {ownerName ?? '—'}
                {repName ? ` · ${t('escalations.rep')}: ${repName}` : ''}
              </span>
            </div>
            <div class="row-actions">
              {escalation.status === 'open' ? (
                <PostButton frame={frame} action={`/manager/escalations/${escalation.id}/acknowledge`} label={t('escalations.acknowledge')} buttonClass="secondary" />
              ) : null}
              <PostButton frame={frame} action={`/manager/escalations/${escalation.id}/resolve`} label={t('escalations.resolve')} />
              <form method="post" action={`/manager/escalations/${escalation.id}/reassign`} class="search">
                <CsrfField frame={frame} />
                <select name="ownerId" aria-label={t('escalations.reassign')}>
                  {people
                    .filter((person) => person.regionId === escalation.regionId)
                    .map((person) => (
                      <option value={person.id} selected={person.id === escalation.ownerId}>
                        {`${person.name} · ${t(`role.${person.role as 'rep'}`)}`}
                      </option>
                    ))}
                </select>
                <button type="submit" class="secondary">
                  {t('escalations.reassign')}
                </button>
              </form>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
