import type { MessageKey } from '../../worker/platform/i18n';
import { formatDate } from '../../worker/platform/http/format';
import type { LeaderboardData, MyPointsData } from '../../worker/points/leaderboard';
import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

type Standing = LeaderboardData['standings'][number];
type Period = LeaderboardData['period'];

const PERIODS: Period[] = ['week', 'month'];

function PeriodTabs({ period, href }: { period: Period; href: (period: Period) => string }) {
  const { t } = usePage();
  return (
    <nav class="tabs" aria-label={t('points.periods')}>
      {PERIODS.map((name) => (
        <a href={href(name)} aria-current={name === period ? 'page' : undefined}>
          {t(`points.period.${name}`)}
        </a>
      ))}
    </nav>
  );
}

/** Rank, person, points: the viewer's own row marked in words as well as by style. */
function StandingsTable({
  standings,
  caption,
  showCity,
}: {
  standings: Standing[];
  caption: string;
  showCity: boolean;
}) {
  const { t, user, locale } = usePage();
  return (
    <div class="table-wrap">
      <table class="standings">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th class="num">{t('points.col.rank')}</th>
            <th>{t('points.col.rep')}</th>
            {showCity ? <th>{t('points.col.city')}</th> : null}
            <th class="num">{t('points.col.points')}</th>
            <th class="num">{t('points.col.records')}</th>
          </tr>
        </thead>
        <tbody>
          {standings.map((row) => {
            const mine = row.id === user?.id;
            return (
              <tr class={mine ? 'me' : undefined} aria-current={mine ? 'true' : undefined}>
                <td class="num">{row.rank}</td>
                <td>
                  {row.name}
                  {mine ? <strong> · {t('points.you')}</strong> : null}
                </td>
                {showCity ? (
                  <td>{(locale === 'zh-CN' ? row.cityNameZh : row.cityName) ?? '–'}</td>
                ) : null}
                <td class="num">{row.points}</td>
                <td class="num">{row.records}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function LeaderboardPage({ board }: { board: LeaderboardData }) {
  const { t, locale, user } = usePage();
  const regionName = locale === 'zh-CN' ? board.region.nameZh : board.region.name;
  const href = (period: Period) =>
    `/leaderboard?period=${period}${board.regions.length > 1 ? `&region=${board.region.id}` : ''}`;
  const from = formatDate(board.range.start, locale, board.region.timeZone);
  const mine = board.standings.find((row) => row.id === user?.id);
  return (
    <Layout title={t('points.title')}>
      <h1>{t('points.title')}</h1>
      <p class="muted">
        {t('points.intro')} <a href="/leaderboard/me">{t('points.mine')}</a>
      </p>
      {mine ? (
        <p class="notice" role="status">
          {t('points.yourStanding', {
            rank: mine.rank,
            count: board.standings.length,
            points: mine.points,
          })}
        </p>
      ) : null}
      {board.regions.length > 1 ? (
        <form class="filters" method="get" action="/leaderboard">
          <input type="hidden" name="period" value={board.period} />
          <label>
            {t('points.region')}
            <select name="region">
              {board.regions.map((region) => (
                <option value={region.id} selected={region.id === board.region.id}>
                  {locale === 'zh-CN' ? region.nameZh : region.name}
                </option>
              ))}
            </select>
          </label>
          <p class="actions">
            <button type="submit">{t('points.show')}</button>
          </p>
        </form>
      ) : null}
      <PeriodTabs period={board.period} href={href} />
      <section aria-labelledby="pioneers-title" class="pioneers">
        <h2 id="pioneers-title">{t('points.pioneers')}</h2>
        {board.pioneers.length === 0 ? (
          <p class="muted">{t('points.noPioneers')}</p>
        ) : (
          <ol>
            {board.pioneers.map((row) => (
              <li>
                <strong>{row.name}</strong> · {t('points.pointsCount', { points: row.points })}
              </li>
            ))}
          </ol>
        )}
      </section>
      <StandingsTable
        standings={board.standings}
        caption={t('points.regionBoard', { region: regionName, from })}
        showCity
      />
      {board.cities.map((city) => (
        <StandingsTable
          standings={city.standings}
          caption={t('points.cityBoard', {
            city: (locale === 'zh-CN' ? city.nameZh : city.name) || '–',
          })}
          showCity={false}
        />
      ))}
      <h2>{t('points.howTitle')}</h2>
      <ul class="point-rules">
        {board.rules.map(([rule, points]) => (
          <li>
            {t(`points.rule.${rule}` as MessageKey)} · {t('points.pointsCount', { points })}
          </li>
        ))}
      </ul>
      <p class="muted">{t('points.fairPlay')}</p>
    </Layout>
  );
}

const recordHref = (award: MyPointsData['awards'][number]): string | null => {
  switch (award.subjectType) {
    case 'visit':
      return award.customerId ? `/customers/${award.customerId}` : null;
    case 'lead':
      return `/leads/${award.subjectId}`;
    case 'task':
      return `/tasks/${award.subjectId}`;
    case 'contract':
      return `/contracts/${award.subjectId}`;
  }
};

export function MyPointsPage({ mine }: { mine: MyPointsData }) {
  const { t, locale, timeZone } = usePage();
  return (
    <Layout title={t('points.mine')}>
      <h1>{t('points.mine')}</h1>
      <PeriodTabs period={mine.period} href={(period) => `/leaderboard/me?period=${period}`} />
      <p>
        <strong>{t('points.pointsCount', { points: mine.total })}</strong> ·{' '}
        {t('points.fromRecords', { records: mine.records })}{' '}
        <a href={`/leaderboard?period=${mine.period}`}>{t('points.title')}</a>
      </p>
      {mine.awards.length === 0 ? <p class="muted">{t('points.none')}</p> : null}
      {mine.awards.length < mine.records ? (
        <p class="muted">{t('points.latestOnly', { shown: mine.awards.length })}</p>
      ) : null}
      <ul class="timeline">
        {mine.awards.map((award) => {
          const href = recordHref(award);
          const label = t(`points.rule.${award.rule}` as MessageKey);
          return (
            <li class="event">
              <p class="muted">
                <time datetime={new Date(award.earnedAt).toISOString()}>
                  {formatDate(award.earnedAt, locale, timeZone)}
                </time>{' '}
                · +{award.points}
              </p>
              <p>{href ? <a href={href}>{label}</a> : label}</p>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
