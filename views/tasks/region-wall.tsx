import type { WallColumn, WallSummary } from '../../durable-objects/region-wall/wall-summary';
import type { WallTask } from '../../durable-objects/region-wall/region-wall';
import { Layout } from '../platform/layout';
import { usePage, type PageFrame } from '../platform/page';
import { WallBoard } from './tasks';

export type RegionWallView = {
  region: { id: string; name: string; nameZh: string };
  cities: { id: string; name: string; nameZh: string }[];
  summary: WallSummary;
};

export type LiveBoardView = {
  regionId: string;
  tasks: (WallTask & { column: WallColumn | null })[];
  cities: Named[];
  cityFilter: string | null;
  summary: WallSummary;
};

const COLUMNS: {
  key: WallColumn;
  label: 'wall.open' | 'wall.claimed' | 'wall.overdue' | 'wall.doneToday';
}[] = [
  { key: 'open', label: 'wall.open' },
  { key: 'claimed', label: 'wall.claimed' },
  { key: 'overdue', label: 'wall.overdue' },
  { key: 'doneToday', label: 'wall.doneToday' },
];

type Named = { id: string; name: string; nameZh: string };

const label = (frame: PageFrame, named: { name: string; nameZh: string }) =>
  frame.locale === 'zh-CN' ? named.nameZh : named.name;

/** One region's counts per city, with its totals. */
function CityCounts({ cities, summary }: { cities: Named[]; summary: WallSummary }) {
  const frame = usePage();
  const { t } = frame;
  return (
    <div class="table-wrap">
      <table class="wall-counts">
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
            <tr data-city={city.id}>
              <th scope="row">{label(frame, city)}</th>
              {COLUMNS.map((column) => (
                <td class="num" data-column={column.key}>
                  {summary.byCity[city.id]?.[column.key] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('wall.tasks')}</th>
            {COLUMNS.map((column) => (
              <td class="num" data-column={column.key}>
                <strong>{summary.total[column.key]}</strong>
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The selected region's board and its counts per city: one fragment, so a live refresh updates both. */
export function LiveBoard({ board }: { board: LiveBoardView }) {
  const frame = usePage();
  return (
    <WallBoard
      regionId={board.regionId}
      tasks={board.tasks}
      cities={board.cities}
      cityFilter={board.cityFilter}
    >
      <h3>{frame.t('wall.countsByCity')}</h3>
      <CityCounts cities={board.cities} summary={board.summary} />
    </WallBoard>
  );
}

export function RegionWallPage({
  walls,
  selected,
  board,
}: {
  walls: RegionWallView[];
  selected: Named;
  board: LiveBoardView;
}) {
  const frame = usePage();
  const { t } = frame;
  return (
    <Layout title={t('wall.title')} live>
      <h1>{t('wall.title')}</h1>
      <section class="card">
        <h2>{label(frame, selected)}</h2>
        <form class="search" method="get" action="/manager/wall">
          <input type="hidden" name="region" value={selected.id} />
          <label class="skip" for="city-filter">
            {t('wall.filterCity')}
          </label>
          <select id="city-filter" name="city">
            <option value="">{t('wall.filterAll')}</option>
            {board.cities.map((city) => (
              <option value={city.id} selected={board.cityFilter === city.id}>
                {label(frame, city)}
              </option>
            ))}
          </select>
          <button type="submit">{t('wall.filter')}</button>
        </form>
        <LiveBoard board={board} />
      </section>
      {walls
        .filter(({ region }) => region.id !== selected.id)
        .map(({ region, cities, summary }) => (
          <section class="card">
            <h2>
              <a href={`/manager/wall?region=${region.id}`}>{label(frame, region)}</a>
            </h2>
            <CityCounts cities={cities} summary={summary} />
          </section>
        ))}
    </Layout>
  );
}
