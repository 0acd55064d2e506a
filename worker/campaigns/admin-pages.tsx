import { asc, count, desc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { publishCampaign } from './publish';
import { auditLog, campaigns, cities, regions, taskTemplates, tasks } from '../platform/db/schema';
import { SUBMISSION_KEY_FIELD, submitOnce } from '../platform/http/submit-once';
import { validate } from '../platform/http/validate';
import type { MessageKey } from '../platform/i18n';
import { parseDateTime, PLANNING_HORIZON_MS } from '../platform/time/parse-time';
import { CampaignsPage, TEMPLATE_SLOTS } from '../../views/campaigns/campaigns';
import { readForm } from '../platform/http/request';

const templateFields = z.object({
  title: z.string().trim().min(1).max(160),
  description: z.string().trim().max(1000).optional(),
  // The Chinese wording, shown to readers who use 简体中文 (optional: else everyone reads the title).
  titleZh: z.string().trim().max(160).optional(),
  descriptionZh: z.string().trim().max(1000).optional(),
  perCity: z.coerce.number().int().min(1).max(20),
  dueAt: z.number().nullable(),
  dueOffsetHours: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.coerce.number().int().min(1).max(2160).nullable(),
  ),
  evidence: z.array(z.enum(['photo', 'position', 'note'])),
  cities: z.array(z.string().max(64)),
  regions: z.array(z.string().max(64)),
});

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];

async function renderCampaigns(
  c: Context<AppEnv>,
  extra: { notice?: string; error?: MessageKey; values?: Record<string, string | string[]> } = {},
  status: 200 | 422 = 200,
) {
  const [campaignRows, cityRows, regionRows] = await c.var.db.batch([
    c.var.db
      .select({
        id: campaigns.id,
        name: campaigns.name,
        status: campaigns.status,
        taskCount: count(tasks.id).as('task_count'),
      })
      .from(campaigns)
      .leftJoin(tasks, eq(tasks.campaignId, campaigns.id))
      .groupBy(campaigns.id)
      .orderBy(desc(campaigns.createdAt))
      .limit(100),
    c.var.db.select().from(cities).orderBy(asc(cities.regionId), asc(cities.name)),
    c.var.db.select().from(regions).orderBy(asc(regions.code)),
  ]);
  c.status(status);
  return c.render(
    <CampaignsPage campaigns={campaignRows} regions={regionRows} cities={cityRows} {...extra} />,
  );
}

/** HQ turns a campaign into tasks per city: draft it, then publish it to the region walls. */
export const campaignAdmin = new Hono<AppEnv>()
  .get('/', (c) =>
    renderCampaigns(c, {
      notice: c.req.query('published')
        ? c.var.t('campaigns.published', { n: c.req.query('published') ?? '0' })
        : undefined,
    }),
  )
  .post('/', async (c) => {
    const user = currentUser(c);
    const body = (await readForm(c, { all: true })) as Record<string, string | string[]>;
    return submitOnce(c, 'admin.campaigns.create', body[SUBMISSION_KEY_FIELD], async () => {
      const name = z.string().trim().min(1).max(120).safeParse(body.name);
      if (!name.success)
        return renderCampaigns(c, { error: 'campaigns.error.name', values: body }, 422);
      const now = Date.now();
      const templates = [];
      for (let i = 0; i < TEMPLATE_SLOTS; i++) {
        const title =
          typeof body[`t${i}_title`] === 'string' ? (body[`t${i}_title`] as string).trim() : '';
        if (!title && i > 0) continue;
        const dueText =
          typeof body[`t${i}_dueAt`] === 'string' ? (body[`t${i}_dueAt`] as string).trim() : '';
        const dueAt = dueText ? parseDateTime(dueText, user.timeZone) : null;
        // A typed due time must exist on the calendar and fall inside the planning horizon.
        if (dueText && (dueAt === null || dueAt <= now || dueAt > now + PLANNING_HORIZON_MS))
          return renderCampaigns(c, { error: 'campaigns.error.dueAt', values: body }, 422);
        const parsed = templateFields.safeParse({
          title,
          description: body[`t${i}_description`] || undefined,
          titleZh: body[`t${i}_titleZh`] || undefined,
          descriptionZh: body[`t${i}_descriptionZh`] || undefined,
          perCity: body[`t${i}_perCity`],
          dueAt,
          dueOffsetHours: body[`t${i}_dueOffsetHours`],
          evidence: asList(body[`t${i}_evidence`]),
          cities: asList(body[`t${i}_cities`]),
          regions: asList(body[`t${i}_regions`]),
        });
        if (!parsed.success || (parsed.data.dueAt === null && parsed.data.dueOffsetHours === null))
          return renderCampaigns(c, { error: 'campaigns.error.template', values: body }, 422);
        templates.push(parsed.data);
      }
      const campaignId = crypto.randomUUID();
      return {
        location: '/admin/campaigns',
        statements: [
          c.var.db.insert(campaigns).values({
            id: campaignId,
            name: name.data,
            description:
              typeof body.description === 'string' ? body.description.trim() || null : null,
            status: 'draft',
            createdBy: user.id,
            createdAt: now,
          }),
          c.var.db.insert(auditLog).values({
            id: crypto.randomUUID(),
            actorId: user.id,
            action: 'campaign.created',
            subjectType: 'campaign',
            subjectId: campaignId,
            createdAt: now,
          }),
          ...templates.map((template) =>
            c.var.db.insert(taskTemplates).values({
              id: crypto.randomUUID(),
              campaignId,
              title: template.title,
              description: template.description ?? null,
              titleZh: template.titleZh || null,
              descriptionZh: template.descriptionZh || null,
              target: { regionIds: template.regions, cityIds: template.cities },
              perCity: template.perCity,
              dueAt: template.dueAt,
              dueOffsetHours: template.dueOffsetHours,
              evidence: {
                photo: template.evidence.includes('photo'),
                position: template.evidence.includes('position'),
                note: template.evidence.includes('note'),
              },
            }),
          ),
        ],
      };
    });
  })
  .post(
    '/:id/publish',
    validate('param', z.object({ id: z.string().min(1).max(64) })),
    async (c) => {
      const published = await publishCampaign(
        c.var.db,
        c.env,
        c.req.valid('param').id,
        currentUser(c).id,
        Date.now(),
      );
      return c.redirect(`/admin/campaigns?published=${published}`, 303);
    },
  );
