import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { can } from '../platform/access/policy';
import { documented } from '../platform/http/api-doc';
import { HttpError } from '../platform/http/errors';
import { validate } from '../platform/http/validate';
import type { Breakdown } from './daily-report';
import { calendarDay, reportInScope } from './report-in-scope';

/** A split's rows with their key under a telling name (`reason`, `stage`, …). */
const splits = (field: string, rows: Breakdown[]) =>
  rows.map(({ key, ...figure }) => ({ [field]: key, ...figure }));

const reportQuery = z.object({
  region: z.string().min(1).max(64).describe('Region id, e.g. `reg_east`'),
  date: z.string().min(1).max(10).describe('The region-local day, `YYYY-MM-DD`'),
});

/** `/api/v1/reports`: a region's daily report, the same figures as its page and CSV. */
export const reportApi = new Hono<AppEnv>().get(
  '/',
  documented({
    summary:
      "A region's daily report (managers: their region; the director: every region): each figure with its value on the same weekday last week and the change",
    query: reportQuery,
    responses: {
      '200': {
        description:
          '`{ region, day, previousDay, computedAt, figures: { visits: { value, previous, change }, … }, topLagReasons, stageMoves, health, visitsByCity }`',
      },
    },
    errors: {
      '403': "`forbidden`: the caller's role reads no reports",
      '404':
        '`not_found`: no such region in scope, an impossible date, or no report for that day yet',
    },
  }),
  validate('query', reportQuery),
  async (c) => {
    if (!can(currentUser(c), 'watchRegionWall'))
      throw new HttpError(403, 'forbidden', 'Your role does not have access to this.');
    const { region, date } = c.req.valid('query');
    const report = await reportInScope(c, region, calendarDay(date));
    return c.json({
      region: { id: report.region.id, name: report.region.name, nameZh: report.region.nameZh },
      day: report.day,
      previousDay: report.previousDay,
      computedAt: report.computedAt,
      figures: report.totals,
      topLagReasons: splits('reason', report.topLagReasons),
      stageMoves: splits('stage', report.stageMoves),
      health: splits('band', report.health),
      visitsByCity: splits('cityId', report.visitsByCity),
    });
  },
);
