import type { WallColumn, WallSummary } from '../durable-objects/wall-summary';
import type { WallTask } from '../durable-objects/region-wall';
import { Layout, type PageFrame } from './layout';
import { WallBoard } from './tasks';

export type RegionWallView = {
  region: { id: string; name: string; nameZh: string };
  cities: { id: string; name: string; nameZh: string }[];
  summary: WallSummary;
};

const COLUMNS: { key: WallColumn; label: 'wall.open' | 'wall.claimed' | 'wall.overdue' | 'wall.doneToday' }[] = [
  { key: 'open', label: 'wall.open' },
  { key: 'claimed', label: 'wall.claimed' },
  { key: 'overdue', label: 'wall.overdue' },
  { key: 'doneToday', label: 'wall.doneToday' },
];

type Named = { id: string; name: string; nameZh: string };

export function RegionWallPage({
  frame,
  walls,
  selected,
  cities,
  board,
}: {
  frame: PageFrame;
  walls: RegionWallView[];
  selected: Named;
  cities: Named[];
  board: { tasks: WallTask[]; cityFilter: string | null; dayStartedAt: number };
}) {
  const { t, locale } = frame;
  const label = (named: { name: string; nameZh: string }) => (locale === 'zh-CN' ? named.nameZh : named.name);
  return (
    <Layout frame={frame} title={t('wall.title')}>
      <h1>{t('wall.title')}</h1>
      <section class="card">
        <h2>{label(selected)}</h2>
        <form class="search" method="get" action="/manager/wall">
          <input type="hidden" name="region" value={selected.id} />
          <label class="skip" for="city-filter">
            {t('wall.filterCity')}
          </label>
          <select id="city-filter" name="city">
            <option value="">{t('wall.filterAll')}</option>
            {cities.map((city) => (
              <option value={city.id} selected={board.cityFilter === city.id}>
                {label(city)}
              </option>
            ))}
          </select>
          <button type="submit">{t('wall.filter')}</button>
        </form>
        <WallBoard frame={frame} regionId={selected.id} tasks={board.tasks} cities={cities} cityFilter={board.cityFilter} dayStartedAt={board.dayStartedAt} />
      </section>
      {walls.map(({ region, cities, summary }) => (
        <section class="card">
          <h2>
            <a href={`/manager/wall?region=${region.id}`}>{label(region)}</a>
          </h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('customers.city')}</th>
                  {COLUMNS.map((column) => (
                    <th scope="col" class="num">
                      {t(column.label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {cities.map((city) => (
                  <tr>
                    <th scope="row">{label(city)}</th>
                    {COLUMNS.map((column) => (
                      <td class="num">{summary.byCity[city.id]?.[column.key] ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('wall.tasks')}</th>
                  {COLUMNS.map((column) => (
                    <td class="num">
                      <strong>{summary.total[column.key]}</strong>
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
