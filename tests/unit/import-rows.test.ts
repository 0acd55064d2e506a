import { describe, expect, it } from 'vitest';
import {
  cellsOf,
  parseDay,
  parseMoney,
  readRow,
  type Draft,
  type Lookups,
} from '../../worker/imports/row-rules';
import { planChunk, type ExistingRecord } from '../../worker/imports/plan-chunk';

const NOW = Date.UTC(2026, 10, 23);
const lookups: Lookups = {
  regionId: 'reg_east',
  timeZone: 'Asia/Shanghai',
  defaultOwnerId: 'usr_manager',
  cityIdByName: new Map([
    ['shanghai', 'city_shanghai'],
    ['上海', 'city_shanghai'],
  ]),
  ownerIdByEmail: new Map([['rep.east1@example.com', 'usr_rep']]),
  customerByRef: new Map([
    ['C-1', { id: 'cus_1', ownerId: 'usr_rep', cityId: 'city_shanghai' }],
    ['13800000001', { id: 'cus_1', ownerId: 'usr_rep', cityId: 'city_shanghai' }],
  ]),
  contractIdByNumber: new Map([['HT-1', 'ctr_1']]),
  importableRoles: ['rep'],
};

describe('reading one row', () => {
  it('turns a customer row into its record, city by Chinese name and owner by email', () => {
    const result = readRow(
      'customers',
      {
        name: '上海贸易',
        phone: '13800000000',
        city: '上海',
        grade: 'b',
        owner: 'REP.EAST1@example.com',
      },
      lookups,
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      draft: {
        externalId: null,
        alt: '13800000000',
        values: {
          name: '上海贸易',
          phone: '13800000000',
          cityId: 'city_shanghai',
          grade: 'B',
          ownerId: 'usr_rep',
        },
        created: { regionId: 'reg_east', ownerId: 'usr_manager', lifecycleStage: 'prospect' },
      },
    });
  });

  it('reports every bad field of a row, by field', () => {
    const result = readRow(
      'customers',
      {
        name: 'X',
        phone: 'call me',
        city: 'Atlantis',
        grade: 'Z',
        email: 'nope',
        owner: 'who@x.com',
      },
      lookups,
      NOW,
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: 'phone', reason: 'import.error.phone' },
        { field: 'email', reason: 'import.error.email' },
        { field: 'city', reason: 'import.error.city' },
        { field: 'grade', reason: 'import.error.grade' },
        { field: 'owner', reason: 'import.error.owner' },
      ],
    });
  });

  it('asks for required fields first, and for a key that finds the row again', () => {
    expect(readRow('customers', { phone: '13800000000' }, lookups, NOW)).toEqual({
      ok: false,
      issues: [
        { field: 'name', reason: 'import.error.required' },
        { field: 'city', reason: 'import.error.required' },
      ],
    });
    expect(readRow('customers', { name: 'A', city: 'Shanghai' }, lookups, NOW)).toEqual({
      ok: false,
      issues: [{ field: null, reason: 'import.error.noKey' }],
    });
  });

  it('checks contracts: customer by external id or phone, money, dates in order', () => {
    const good = readRow(
      'contracts',
      {
        number: 'HT-9',
        customer: '13800000001',
        amount: '¥1,234.5',
        startAt: '2026/3/1',
        endAt: '2027-02-28',
      },
      lookups,
      NOW,
    );
    expect(good).toMatchObject({
      ok: true,
      draft: {
        alt: 'HT-9',
        customerId: 'cus_1',
        values: { customerId: 'cus_1', amountCents: 123450, startAt: Date.UTC(2026, 1, 28, 16) },
        created: { ownerId: 'usr_rep', status: 'active' },
      },
    });
    const bad = readRow(
      'contracts',
      {
        number: 'HT-9',
        customer: 'nobody',
        amount: '12abc',
        startAt: '2026-03-01',
        endAt: '2026-02-30',
      },
      lookups,
      NOW,
    );
    expect(bad).toEqual({
      ok: false,
      issues: [
        { field: 'customer', reason: 'import.error.customer' },
        { field: 'amount', reason: 'import.error.amount' },
        { field: 'endAt', reason: 'import.error.date' },
      ],
    });
  });

  it('lets a manager import reps only, and a rep needs a city', () => {
    expect(
      readRow(
        'users',
        { email: 'a@x.com', name: 'A', role: 'manager', city: 'Shanghai' },
        lookups,
        NOW,
      ),
    ).toEqual({
      ok: false,
      issues: [{ field: 'role', reason: 'import.error.role' }],
    });
    expect(readRow('users', { email: 'a@x.com', name: 'A' }, lookups, NOW)).toEqual({
      ok: false,
      issues: [{ field: 'city', reason: 'import.error.cityRequired' }],
    });
  });

  it('reads days, money and cells', () => {
    expect(parseDay('2026年3月1日', 'UTC')).toBe(Date.UTC(2026, 2, 1));
    expect(parseDay('2026-02-29', 'UTC')).toBeNull();
    expect(parseMoney('1,000')).toBe(100000);
    expect(parseMoney('-5')).toBeNull();
    expect(cellsOf(['  A ', '', "'+86 138", 'x'], ['name', 'phone', 'phone2', null])).toEqual({
      name: 'A',
      phone2: '+86 138',
    });
  });
});

const draft = (
  externalId: string | null,
  alt: string | null,
  values: Record<string, unknown>,
): Draft => ({
  externalId,
  alt,
  values,
  created: { regionId: 'reg_east' },
  customerId: null,
});
const stored = (
  id: string,
  externalId: string | null,
  alt: string | null,
  values: Record<string, unknown>,
  regionId = 'reg_east',
): ExistingRecord => ({
  id,
  regionId,
  externalId,
  alt,
  values: { externalId, ...values },
});

describe('planning a chunk', () => {
  let n = 0;
  const newId = () => `new_${++n}`;

  it('creates unknown rows, leaves identical ones alone and changes only what differs', () => {
    const plan = planChunk(
      [
        { row: 2, draft: draft('E1', null, { externalId: 'E1', name: 'A' }) },
        { row: 3, draft: draft('E2', null, { externalId: 'E2', name: 'B' }) },
        { row: 4, draft: draft(null, '138', { name: 'C2' }) },
      ],
      [stored('cus_a', 'E1', null, { name: 'A' }), stored('cus_c', null, '138', { name: 'C' })],
      'reg_east',
      newId,
    );
    expect(plan.inserts.map((insert) => insert.record)).toEqual([
      { regionId: 'reg_east', externalId: 'E2', name: 'B', id: expect.any(String) },
    ]);
    expect(plan.updates).toEqual([
      {
        id: 'cus_c',
        before: { externalId: null, name: 'C' },
        after: { externalId: null, name: 'C2' },
        customerId: null,
      },
    ]);
    expect([plan.updated, plan.unchanged, plan.issues]).toEqual([1, 1, []]);
  });

  it('folds a repeated row into the record the chunk creates', () => {
    const plan = planChunk(
      [
        { row: 2, draft: draft('E9', null, { externalId: 'E9', name: 'A' }) },
        { row: 3, draft: draft('E9', null, { externalId: 'E9', name: 'A' }) },
        { row: 4, draft: draft('E9', null, { externalId: 'E9', name: 'A2' }) },
      ],
      [],
      'reg_east',
      newId,
    );
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]!.record.name).toBe('A2');
    expect([plan.updated, plan.unchanged]).toEqual([1, 1]);
  });

  it("reports a record of another region, a locked one, and a unique number that is another record's", () => {
    const plan = planChunk(
      [
        { row: 2, draft: draft('E1', null, { name: 'A' }) },
        { row: 3, draft: draft(null, 'boss@x.com', { name: 'B' }) },
        { row: 4, draft: draft('E5', 'HT-1', { name: 'C' }) },
      ],
      [
        stored('cus_a', 'E1', null, { name: 'A' }, 'reg_south'),
        { ...stored('usr_boss', null, 'boss@x.com', { name: 'Boss' }), locked: true },
        stored('ctr_1', 'E4', 'HT-1', { name: 'C' }),
      ],
      'reg_east',
      newId,
      true,
    );
    expect(plan.issues).toEqual([
      { row: 2, issue: { field: 'externalId', reason: 'import.error.otherRegion' } },
      { row: 3, issue: { field: null, reason: 'import.error.locked' } },
      { row: 4, issue: { field: null, reason: 'import.error.keyTaken' } },
    ]);
    expect(plan.inserts).toEqual([]);
  });
});
