import type { Role } from '../../worker/platform/db/schema';
import type { listUsers, UserChoices, UserRow } from '../../worker/admin/users';
import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';
import { Field, LocaleField, SelectField, shown, type Errors, type Typed } from './form-field';

function UserFields({
  value,
  errors,
  choices,
}: {
  value: (field: string) => string;
  errors: Errors;
  choices: UserChoices;
}) {
  const { t, locale } = usePage();
  const zh = locale === 'zh-CN';
  return (
    <>
      <Field name="name" label="users.name" value={value('name')} errors={errors} required />
      <Field
        name="email"
        label="login.email"
        type="email"
        value={value('email')}
        errors={errors}
        required
      />
      <Field name="phone" label="users.phone" type="tel" value={value('phone')} errors={errors} />
      <SelectField
        name="role"
        label="users.role"
        value={value('role')}
        errors={errors}
        choices={choices.roles.map((role): [string, string] => [
          role,
          t(`role.${role}` as MessageKey),
        ])}
      />
      <SelectField
        name="regionId"
        label="cities.region"
        value={value('regionId')}
        errors={errors}
        choices={[
          ['', t('users.none')],
          ...choices.regions.map((r): [string, string] => [r.id, zh ? r.nameZh : r.name]),
        ]}
      />
      <SelectField
        name="cityId"
        label="cities.name"
        value={value('cityId')}
        errors={errors}
        choices={[
          ['', t('users.none')],
          ...choices.cities.map((city): [string, string] => [
            city.id,
            zh ? city.nameZh : city.name,
          ]),
        ]}
      />
      <SelectField
        name="managerId"
        label="users.manager"
        value={value('managerId')}
        errors={errors}
        choices={[
          ['', t('users.none')],
          ...choices.managers.map((m): [string, string] => [m.id, m.name]),
        ]}
      />
      <LocaleField name="locale" label="users.locale" value={value('locale')} errors={errors} />
      <fieldset>
        <legend>{t('users.chatIds')}</legend>
        <Field name="slack" label="users.chat.slack" value={value('slack')} errors={errors} />
        <Field name="feishu" label="users.chat.feishu" value={value('feishu')} errors={errors} />
        <Field
          name="dingtalk"
          label="users.chat.dingtalk"
          value={value('dingtalk')}
          errors={errors}
        />
        <Field name="wecom" label="users.chat.wecom" value={value('wecom')} errors={errors} />
      </fieldset>
    </>
  );
}

export function UsersPage({
  page,
  filters,
  roles,
}: {
  page: Awaited<ReturnType<typeof listUsers>>;
  filters: { region?: string; role?: Role; page: number };
  roles: readonly Role[];
}) {
  const { t, locale } = usePage();
  const zh = locale === 'zh-CN';
  const query = (n: number) =>
    '/admin/users?' +
    new URLSearchParams({
      ...(filters.region ? { region: filters.region } : {}),
      ...(filters.role ? { role: filters.role } : {}),
      page: String(n),
    }).toString();
  return (
    <Layout title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      <p>
        <a class="button" href="/admin/users/new">
          {t('users.new')}
        </a>
      </p>
      <form method="get" action="/admin/users" class="card">
        <label for="filter-region">{t('cities.region')}</label>
        <select id="filter-region" name="region">
          <option value="">{t('region.all')}</option>
          {page.regions.map((r) => (
            <option value={r.id} selected={r.id === filters.region}>
              {zh ? r.nameZh : r.name}
            </option>
          ))}
        </select>
        <label for="filter-role">{t('users.role')}</label>
        <select id="filter-role" name="role">
          <option value="">{t('users.allRoles')}</option>
          {roles.map((role) => (
            <option value={role} selected={role === filters.role}>
              {t(`role.${role}` as MessageKey)}
            </option>
          ))}
        </select>
        <p>
          <button type="submit">{t('users.filter')}</button>
        </p>
      </form>
      {page.rows.length === 0 ? (
        <p class="muted">{t('users.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('users.name')}</th>
                <th>{t('users.role')}</th>
                <th>{t('cities.region')}</th>
                <th>{t('cities.name')}</th>
                <th>{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((user) => (
                <tr>
                  <td>
                    <a href={`/admin/users/${user.id}`}>{user.name}</a>
                    <br />
                    <span class="muted mono">{user.email}</span>
                    {user.active ? null : <span class="muted">{` · ${t('users.inactive')}`}</span>}
                  </td>
                  <td>{t(`role.${user.role}` as MessageKey)}</td>
                  <td>{(zh ? user.regionNameZh : user.regionName) ?? '–'}</td>
                  <td>{(zh ? user.cityNameZh : user.cityName) ?? '–'}</td>
                  <td>
                    <a href={`/users/${user.id}/deactivate`}>{t('users.deactivate')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('users.pages')}>
        {filters.page > 1 ? <a href={query(filters.page - 1)}>{t('users.previous')}</a> : null}
        {page.hasMore ? <a href={query(filters.page + 1)}>{t('users.next')}</a> : null}
      </nav>
    </Layout>
  );
}

export function UserNewPage({
  choices,
  errors = {},
  typed,
}: {
  choices: UserChoices;
  errors?: Errors;
  typed?: Typed;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('users.new')}>
      <p>
        <a href="/admin/users">{t('users.title')}</a>
      </p>
      <h1>{t('users.new')}</h1>
      <p class="muted">{t('users.inviteExplained')}</p>
      <form class="card" method="post" action="/admin/users/new">
        <CsrfField />
        <SubmissionKeyField />
        <UserFields value={shown(typed, undefined)} errors={errors} choices={choices} />
        <p>
          <button type="submit">{t('users.create')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function UserEditPage({
  user,
  choices,
  errors = {},
  typed,
  shownLink,
}: {
  user: UserRow;
  choices: UserChoices;
  errors?: Errors;
  typed?: Typed;
  shownLink?: { purpose: string; link: string };
}) {
  const { t } = usePage();
  return (
    <Layout title={user.name}>
      <p>
        <a href="/admin/users">{t('users.title')}</a>
      </p>
      <h1>{user.name}</h1>
      {shownLink ? (
        <section class="notice" role="status">
          <p>{shownLink.purpose === 'invite' ? t('users.inviteShown') : t('users.resetShown')}</p>
          <p class="mono">{shownLink.link}</p>
        </section>
      ) : null}
      <form class="card" method="post" action={`/admin/users/${user.id}`}>
        <CsrfField />
        <UserFields
          value={shown(typed, { ...user.chatIds, ...user })}
          errors={errors}
          choices={choices}
        />
        <p>
          <button type="submit">{t('org.save')}</button>
        </p>
      </form>
      <form class="card" method="post" action={`/admin/users/${user.id}/reset`}>
        <CsrfField />
        <SubmissionKeyField />
        <p class="muted">{t('users.resetExplained')}</p>
        <button type="submit">{t('users.reset')}</button>
      </form>
      <p>
        <a href={`/users/${user.id}/deactivate`}>{t('users.deactivate')}</a>
      </p>
    </Layout>
  );
}
