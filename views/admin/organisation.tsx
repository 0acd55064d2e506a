import type { cities, regions } from '../../worker/platform/db/schema';
import type { listCities } from '../../worker/admin/organisation';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { Field, LocaleField, SelectField, shown, type Errors, type Typed } from './form-field';

type Region = typeof regions.$inferSelect;
type City = typeof cities.$inferSelect;

function RegionFields({ value, errors }: { value: (field: string) => string; errors: Errors }) {
  return (
    <>
      <Field name="code" label="regions.code" value={value('code')} errors={errors} required />
      <Field name="name" label="org.nameEn" value={value('name')} errors={errors} required />
      <Field name="nameZh" label="org.nameZh" value={value('nameZh')} errors={errors} required />
      <Field
        name="timeZone"
        label="regions.timeZone"
        value={value('timeZone')}
        errors={errors}
        required
      />
      <Field
        name="workStart"
        label="regions.workStart"
        type="time"
        value={value('workStart')}
        errors={errors}
      />
      <Field
        name="workEnd"
        label="regions.workEnd"
        type="time"
        value={value('workEnd')}
        errors={errors}
      />
      <LocaleField
        name="defaultLocale"
        label="regions.defaultLocale"
        value={value('defaultLocale')}
        errors={errors}
      />
      <Field
        name="silentAfterDays"
        label="regions.silentAfterDays"
        type="number"
        value={value('silentAfterDays')}
        errors={errors}
        extra={{ min: '1', max: '365', inputmode: 'numeric' }}
      />
    </>
  );
}

export function RegionsPage({
  regions,
  errors = {},
  typed,
}: {
  regions: Region[];
  errors?: Errors;
  typed?: Typed;
}) {
  const { t, locale } = usePage();
  return (
    <Layout title={t('regions.title')}>
      <h1>{t('regions.title')}</h1>
      {regions.length === 0 ? (
        <p class="muted">{t('regions.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('regions.code')}</th>
                <th>{t('regions.name')}</th>
                <th>{t('regions.timeZone')}</th>
                <th>{t('regions.hours')}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((region) => (
                <tr>
                  <td>{region.code}</td>
                  <td>
                    <a href={`/admin/regions/${region.id}`}>
                      {locale === 'zh-CN' ? region.nameZh : region.name}
                    </a>
                  </td>
                  <td class="mono">{region.timeZone}</td>
                  <td>{region.workStart ? `${region.workStart}–${region.workEnd}` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="card" method="post" action="/admin/regions">
        <h2>{t('regions.new')}</h2>
        <CsrfField />
        <SubmissionKeyField />
        <RegionFields value={shown(typed, undefined)} errors={errors} />
        <p>
          <button type="submit">{t('regions.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function RegionEditPage({
  region,
  errors = {},
  typed,
}: {
  region: Region;
  errors?: Errors;
  typed?: Typed;
}) {
  const { t, locale } = usePage();
  const name = locale === 'zh-CN' ? region.nameZh : region.name;
  return (
    <Layout title={name}>
      <p>
        <a href="/admin/regions">{t('regions.title')}</a>
      </p>
      <h1>{name}</h1>
      <form class="card" method="post" action={`/admin/regions/${region.id}`}>
        <CsrfField />
        <RegionFields value={shown(typed, region)} errors={errors} />
        <p>
          <button type="submit">{t('org.save')}</button>
        </p>
      </form>
    </Layout>
  );
}

function CityFields({
  value,
  errors,
  regions,
}: {
  value: (field: string) => string;
  errors: Errors;
  regions: Region[];
}) {
  const { t, locale } = usePage();
  return (
    <>
      <SelectField
        name="regionId"
        label="cities.region"
        value={value('regionId')}
        errors={errors}
        choices={[
          ['', t('cities.chooseRegion')],
          ...regions.map((r): [string, string] => [r.id, locale === 'zh-CN' ? r.nameZh : r.name]),
        ]}
      />
      <Field name="name" label="org.nameEn" value={value('name')} errors={errors} required />
      <Field name="nameZh" label="org.nameZh" value={value('nameZh')} errors={errors} required />
      <Field
        name="lat"
        label="cities.lat"
        value={value('lat')}
        errors={errors}
        required
        extra={{ inputmode: 'decimal' }}
      />
      <Field
        name="lng"
        label="cities.lng"
        value={value('lng')}
        errors={errors}
        required
        extra={{ inputmode: 'decimal' }}
      />
    </>
  );
}

export function CitiesPage({
  cities,
  regions,
  errors = {},
  typed,
}: {
  cities: Awaited<ReturnType<typeof listCities>>;
  regions: Region[];
  errors?: Errors;
  typed?: Typed;
}) {
  const { t, locale } = usePage();
  const zh = locale === 'zh-CN';
  return (
    <Layout title={t('cities.title')}>
      <h1>{t('cities.title')}</h1>
      {cities.length === 0 ? (
        <p class="muted">{t('cities.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('cities.name')}</th>
                <th>{t('cities.region')}</th>
                <th>{t('cities.centre')}</th>
              </tr>
            </thead>
            <tbody>
              {cities.map((city) => (
                <tr>
                  <td>
                    <a href={`/admin/cities/${city.id}`}>{zh ? city.nameZh : city.name}</a>
                  </td>
                  <td>{zh ? city.regionNameZh : city.regionName}</td>
                  <td>{`${city.lat.toFixed(4)}, ${city.lng.toFixed(4)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="card" method="post" action="/admin/cities">
        <h2>{t('cities.new')}</h2>
        <CsrfField />
        <SubmissionKeyField />
        <CityFields value={shown(typed, undefined)} errors={errors} regions={regions} />
        <p>
          <button type="submit">{t('cities.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function CityEditPage({
  city,
  regions,
  errors = {},
  typed,
}: {
  city: City;
  regions: Region[];
  errors?: Errors;
  typed?: Typed;
}) {
  const { t, locale } = usePage();
  const name = locale === 'zh-CN' ? city.nameZh : city.name;
  return (
    <Layout title={name}>
      <p>
        <a href="/admin/cities">{t('cities.title')}</a>
      </p>
      <h1>{name}</h1>
      <form class="card" method="post" action={`/admin/cities/${city.id}`}>
        <CsrfField />
        <CityFields value={shown(typed, city)} errors={errors} regions={regions} />
        <p>
          <button type="submit">{t('org.save')}</button>
        </p>
      </form>
    </Layout>
  );
}
