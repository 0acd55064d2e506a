import { describe, expect, it } from 'vitest';
import { fanOutTasks, type CampaignTemplate } from '../../worker/campaigns/fan-out';

const cities = [
  { id: 'city_shanghai', regionId: 'reg_east' },
  { id: 'city_hangzhou', regionId: 'reg_east' },
  { id: 'city_urumqi', regionId: 'reg_west' },
];
const template = (over: Partial<CampaignTemplate>): CampaignTemplate => ({
  id: 'tpl',
  title: 'Poster',
  description: null,
  target: { regionIds: [], cityIds: [] },
  perCity: 1,
  dueAt: null,
  dueOffsetHours: 24,
  evidence: { photo: true, position: false, note: false },
  ...over,
});

describe('campaign fan-out', () => {
  it('makes perCity tasks in every city when no target is given', () => {
    const tasks = fanOutTasks('c1', 0, [template({ perCity: 2 })], cities);
    expect(tasks.map((t) => t.id)).toEqual([
      'tpl.city_shanghai.1',
      'tpl.city_shanghai.2',
      'tpl.city_hangzhou.1',
      'tpl.city_hangzhou.2',
      'tpl.city_urumqi.1',
      'tpl.city_urumqi.2',
    ]);
  });

  it('targets named cities first, else the cities of named regions', () => {
    expect(
      fanOutTasks(
        'c1',
        0,
        [template({ target: { regionIds: ['reg_east'], cityIds: ['city_urumqi'] } })],
        cities,
      ).map((t) => t.cityId),
    ).toEqual(['city_urumqi']);
    expect(
      fanOutTasks(
        'c1',
        0,
        [template({ target: { regionIds: ['reg_east'], cityIds: [] } })],
        cities,
      ).map((t) => t.cityId),
    ).toEqual(['city_shanghai', 'city_hangzhou']);
  });

  it('takes a fixed due time over the offset from publishing, and copies the evidence rule', () => {
    expect(fanOutTasks('c1', 1000, [template({ dueOffsetHours: 2 })], cities)[0]).toMatchObject({
      dueAt: 1000 + 2 * 3_600_000,
      regionId: 'reg_east',
      evidenceRequired: { photo: true },
    });
    expect(
      fanOutTasks('c1', 1000, [template({ dueAt: 5, dueOffsetHours: 2 })], cities)[0]!.dueAt,
    ).toBe(5);
  });

  it('gives the same ids every time, so publishing again adds nothing twice', () => {
    expect(fanOutTasks('c1', 0, [template({})], cities)).toEqual(
      fanOutTasks('c1', 999, [template({})], cities).map((t) => ({ ...t, dueAt: t.dueAt - 999 })),
    );
  });
});
