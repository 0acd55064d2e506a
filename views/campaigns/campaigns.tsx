import type { MessageKey } from '../../worker/platform/i18n';
import { CsrfField, Layout, PostButton } from '../platform/layout';
import { usePage } from '../platform/page';
import { SubmissionKeyField } from '../platform/submission-key';

type CampaignRow = {
  id: string;
  name: string;
  status: 'draft' | 'published' | 'closed';
  taskCount: number;
};
type City = { id: string; name: string; nameZh: string; regionId: string };
type Region = { id: string; name: string; nameZh: string };

export const TEMPLATE_SLOTS = 2;

export function CampaignsPage({
  campaigns,
  regions,
  cities,
  notice,
  error,
  values,
}: {
  campaigns: CampaignRow[];
  regions: Region[];
  cities: City[];
  notice?: string | undefined;
  error?: MessageKey | undefined;
  values?: Record<string, string | string[]>;
}) {
  const { t, locale } = usePage();
  const value = (name: string) => {
    const v = values?.[name];
    return typeof v === 'string' ? v : '';
  };
  const checked = (name: string, option: string) => {
    const v = values?.[name];
    return Array.isArray(v) ? v.includes(option) : v === option;
  };
  return (
    <Layout title={t('campaigns.title')}>
      <h1>{t('campaigns.title')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {campaigns.length === 0 ? <p class="muted">{t('campaigns.empty')}</p> : null}
      <ul class="rows">
        {campaigns.map((campaign) => (
          <li>
            <div class="row-body">
              <span class="row-title">{campaign.name}</span>{' '}
              <span class="tag">{t(`campaigns.status.${campaign.status}`)}</span>
              <br />
              <span class="muted">{t('campaigns.tasks', { n: campaign.taskCount })}</span>
            </div>
            {campaign.status === 'draft' ? (
              <PostButton
                action={`/admin/campaigns/${campaign.id}/publish`}
                label={t('campaigns.publish')}
                formClass="row-actions"
              />
            ) : null}
          </li>
        ))}
      </ul>
      <form class="card" method="post" action="/admin/campaigns">
        <CsrfField />
        <SubmissionKeyField />
        <h2>{t('campaigns.new')}</h2>
        {error ? (
          <p class="error-text" role="alert">
            {t(error)}
          </p>
        ) : null}
        <label for="name">{t('campaigns.name')}</label>
        <input id="name" name="name" type="text" required maxlength={120} value={value('name')} />
        <label for="description">{t('campaigns.description')}</label>
        <textarea id="description" name="description" rows={2} maxlength={2000}>
          {value('description')}
        </textarea>
        <h3>{t('campaigns.templates')}</h3>
        {Array.from({ length: TEMPLATE_SLOTS }, (_, i) => (
          <fieldset>
            <legend>{t('campaigns.template', { n: i + 1 })}</legend>
            <label for={`t${i}_title`}>{t('campaigns.taskTitle')}</label>
            <input
              id={`t${i}_title`}
              name={`t${i}_title`}
              type="text"
              maxlength={160}
              required={i === 0}
              value={value(`t${i}_title`)}
            />
            <label for={`t${i}_description`}>{t('campaigns.description')}</label>
            <input
              id={`t${i}_description`}
              name={`t${i}_description`}
              type="text"
              maxlength={1000}
              value={value(`t${i}_description`)}
            />
            <label for={`t${i}_titleZh`}>{t('campaigns.taskTitleZh')}</label>
            <input
              id={`t${i}_titleZh`}
              name={`t${i}_titleZh`}
              type="text"
              maxlength={160}
              lang="zh-CN"
              value={value(`t${i}_titleZh`)}
            />
            <label for={`t${i}_descriptionZh`}>{t('campaigns.descriptionZh')}</label>
            <input
              id={`t${i}_descriptionZh`}
              name={`t${i}_descriptionZh`}
              type="text"
              maxlength={1000}
              lang="zh-CN"
              value={value(`t${i}_descriptionZh`)}
            />
            <label for={`t${i}_perCity`}>{t('campaigns.perCity')}</label>
            <input
              id={`t${i}_perCity`}
              name={`t${i}_perCity`}
              type="number"
              min={1}
              max={20}
              value={value(`t${i}_perCity`) || '1'}
            />
            <label for={`t${i}_dueAt`}>{t('campaigns.dueAt')}</label>
            <input
              id={`t${i}_dueAt`}
              name={`t${i}_dueAt`}
              type="datetime-local"
              value={value(`t${i}_dueAt`)}
            />
            <label for={`t${i}_dueOffsetHours`}>{t('campaigns.dueOffsetHours')}</label>
            <input
              id={`t${i}_dueOffsetHours`}
              name={`t${i}_dueOffsetHours`}
              type="number"
              min={1}
              max={2160}
              value={value(`t${i}_dueOffsetHours`)}
            />
            <p>
              <strong>{t('campaigns.evidence')}</strong>
              <br />
              {(['photo', 'position', 'note'] as const).map((kind) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={`t${i}_evidence`}
                    value={kind}
                    checked={checked(`t${i}_evidence`, kind)}
                  />{' '}
                  {t(
                    kind === 'photo'
                      ? 'task.evidencePhoto'
                      : kind === 'position'
                        ? 'task.evidencePosition'
                        : 'task.evidenceNote',
                  )}
                </label>
              ))}
            </p>
            <p>
              <strong>{t('campaigns.targetRegions')}</strong>
              <br />
              {regions.map((region) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={`t${i}_regions`}
                    value={region.id}
                    checked={checked(`t${i}_regions`, region.id)}
                  />{' '}
                  {locale === 'zh-CN' ? region.nameZh : region.name}
                </label>
              ))}
            </p>
            <p>
              <strong>{t('campaigns.targets')}</strong>
              <br />
              {cities.map((city) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name={`t${i}_cities`}
                    value={city.id}
                    checked={checked(`t${i}_cities`, city.id)}
                  />{' '}
                  {locale === 'zh-CN' ? city.nameZh : city.name}
                </label>
              ))}
            </p>
          </fieldset>
        ))}
        <p>
          <button type="submit">{t('campaigns.create')}</button>
        </p>
      </form>
    </Layout>
  );
}
