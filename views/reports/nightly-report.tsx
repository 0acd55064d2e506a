import type { Translate } from '../../worker/platform/i18n';
import type { MessageKey } from '../../worker/platform/i18n';

export type NightlyReportFigures = {
  visits: number;
  aci: number;
  newLeads: number;
  untouchedLeads: number;
  overdueTasks: number;
  expiringContracts: number;
  byCity: { cityId: string; visits: number; aci: number }[];
};

type Named = { id: string; name: string; nameZh: string };

/** A self-contained bilingual HTML file (it is opened from R2, outside the app's layout). */
export function NightlyReportDocument({
  t,
  tZh,
  region,
  cities,
  day,
  figures,
}: {
  t: Translate;
  tZh: Translate;
  region: Named;
  cities: Named[];
  day: string;
  figures: NightlyReportFigures;
}) {
  const both = (key: MessageKey, params?: Record<string, string | number>) =>
    `${t(key, params)} · ${tZh(key, params)}`;
  const rows: [MessageKey, string][] = [
    ['report.visits', String(figures.visits)],
    ['report.aci', `${figures.aci}%`],
    ['report.newLeads', String(figures.newLeads)],
    ['report.untouchedLeads', String(figures.untouchedLeads)],
    ['report.overdueTasks', String(figures.overdueTasks)],
    ['report.expiringContracts', String(figures.expiringContracts)],
  ];
  const cityName = (id: string) => {
    const city = cities.find((c) => c.id === id);
    return city ? `${city.name} · ${city.nameZh}` : id;
  };
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t('report.title', { region: region.name, day })}</title>
      </head>
      <body>
        <h1>{both('report.title', { region: `${region.name} ${region.nameZh}`, day })}</h1>
        <table>
          <tbody>
            {rows.map(([key, value]) => (
              <tr>
                <th scope="row">{both(key)}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{both('report.byCity')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{both('customers.city')}</th>
              <th scope="col">{both('report.visits')}</th>
              <th scope="col">ACI</th>
            </tr>
          </thead>
          <tbody>
            {figures.byCity.map((row) => (
              <tr>
                <th scope="row">{cityName(row.cityId)}</th>
                <td>{row.visits}</td>
                <td>{`${row.aci}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>
  );
}
