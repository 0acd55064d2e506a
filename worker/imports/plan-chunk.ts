/**
 * What a chunk of good rows does to the database: each row finds its record (by external id,
 * else the kind's natural key) and creates it, changes only the fields that differ, or leaves it
 * alone. Rows of the same record within the chunk fold into one write. Pure and unit-tested.
 */
import type { Draft, RowIssue } from './row-rules';

/** A stored record the chunk may touch: its keys and the fields a row can set. */
export type ExistingRecord = {
  id: string;
  /** Null where the record has no region (a user without one). */
  regionId: string | null;
  externalId: string | null;
  alt: string | null;
  values: Record<string, unknown>;
  /** An import may not change it (a director's or admin's account, another role than it may import). */
  locked?: boolean;
};

export type PlannedInsert = {
  id: string;
  record: Record<string, unknown>;
  customerId: string | null;
};
export type PlannedUpdate = {
  id: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  customerId: string | null;
};

export type ChunkPlan = {
  inserts: PlannedInsert[];
  updates: PlannedUpdate[];
  /** Rows that changed a record (a record changed by two rows counts twice), and rows that did not. */
  updated: number;
  unchanged: number;
  /** Rows whose record lies outside the import's region: reported, not written. */
  issues: { row: number; issue: RowIssue }[];
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function planChunk(
  rows: readonly { row: number; draft: Draft }[],
  existing: readonly ExistingRecord[],
  regionId: string,
  newId: () => string,
  /** The natural key is unique in the table (a contract number): another record's key is a clash. */
  altIsUnique = false,
): ChunkPlan {
  const byExternal = new Map<string, ExistingRecord>();
  const byAlt = new Map<string, ExistingRecord>();
  const remember = (record: ExistingRecord) => {
    if (record.externalId) byExternal.set(record.externalId, record);
    if (record.alt && !byAlt.has(record.alt)) byAlt.set(record.alt, record);
  };
  existing.forEach(remember);

  const inserts = new Map<string, PlannedInsert>();
  const updates = new Map<string, PlannedUpdate>();
  const plan: ChunkPlan = { inserts: [], updates: [], updated: 0, unchanged: 0, issues: [] };

  for (const { row, draft } of rows) {
    const byKey = draft.externalId ? byExternal.get(draft.externalId) : undefined;
    const byNatural = draft.alt ? byAlt.get(draft.alt) : undefined;
    // The natural key finds a record only if it is not known under another external id.
    const found =
      byKey ?? (byNatural && (!draft.externalId || !byNatural.externalId) ? byNatural : undefined);
    if (!found && altIsUnique && byNatural) {
      plan.issues.push({ row, issue: { field: null, reason: 'import.error.keyTaken' } });
      continue;
    }
    if (!found) {
      const id = newId();
      const record = { ...draft.created, ...draft.values, id };
      inserts.set(id, { id, record, customerId: draft.customerId });
      remember({ id, regionId, externalId: draft.externalId, alt: draft.alt, values: record });
      continue;
    }
    if (found.locked || (found.regionId !== null && found.regionId !== regionId)) {
      const reason = found.locked ? 'import.error.locked' : 'import.error.otherRegion';
      plan.issues.push({ row, issue: { field: draft.externalId ? 'externalId' : null, reason } });
      continue;
    }
    const changed = Object.keys(draft.values).filter(
      (field) => !same(found.values[field], draft.values[field]),
    );
    if (changed.length === 0) {
      plan.unchanged += 1;
      continue;
    }
    plan.updated += 1;
    const inserted = inserts.get(found.id);
    if (inserted) Object.assign(inserted.record, draft.values);
    else {
      const update = updates.get(found.id) ?? {
        id: found.id,
        before: { ...found.values },
        after: { ...found.values },
        customerId: draft.customerId,
      };
      Object.assign(update.after, draft.values);
      updates.set(found.id, update);
    }
    Object.assign(found.values, draft.values);
  }
  plan.inserts = [...inserts.values()];
  plan.updates = [...updates.values()];
  return plan;
}
