import type { WallColumn, WallSummary } from '../durable-objects/wall-summary';
import { Layout, type PageFrame } from './layout';

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

export function RegionWallPage({ frame, walls }: { frame: PageFrame; walls: RegionWallView[] }) {
  const { t, locale } = frame;
  const label = (named: { name: string; nameZh: string }) => (locale === 'zh-CN' ? named.nameZh : named.name);
  return (
    <Layout frame={frame} title={t('wall.title')}>
      <h1>{t('wall.title')}</h1>
      {walls.map(({ region, cities, summary }) => (
        <section class="card">
          <h2>{label(region)}</h2>
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
