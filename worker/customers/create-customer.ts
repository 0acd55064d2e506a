/**
 * Creating and editing a customer: where it may go (through the access policy), the rows to write
 * and their audit entry, for one `batch()` run by the caller (submit-once, create-once).
 */
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../platform/db/client';
import { cities, contacts, customers, regions, users } from '../platform/db/schema';
import { mayPlaceRecord, type Viewer } from '../platform/access/policy';
import { editableById } from '../platform/access/scope';
import { recordChange } from '../platform/audit/record-change';
import type { MessageKey } from '../platform/i18n';
import { newContactRow } from '../contacts/contacts';
import type { CustomerInput } from './customer-input';
import { customerDetail, type CustomerDetail } from './queries';

type FieldErrors = Record<string, MessageKey>;
type CustomerRow = typeof customers.$inferSelect;

/** What an audit entry keeps of a customer: the fields people edit. */
function audited(
  row: Pick<
    CustomerRow,
    | 'name'
    | 'phone'
    | 'email'
    | 'cityId'
    | 'ownerId'
    | 'grade'
    | 'industry'
    | 'address'
    | 'lat'
    | 'lng'
  >,
) {
  const { name, phone, email, cityId, ownerId, grade, industry, address, lat, lng } = row;
  return { name, phone, email, cityId, ownerId, grade, industry, address, lat, lng };
}

/**
 * The city and owner a new customer gets, if the viewer may put it there. A rep's own customers
 * are theirs; a manager or director names a rep of the city's region.
 */
async function placeFor(
  db: Database,
  viewer: Viewer,
  cityId: string,
  ownerId: string | null | undefined,
): Promise<
  | {
      city: typeof cities.$inferSelect;
      /** The region's, for the new customer's timeline. */
      timeZone: string;
      owner: { id: string; name: string };
    }
  | { errors: FieldErrors }
> {
  const owner = ownerId ?? (viewer.role === 'rep' ? viewer.id : null);
  const [cityRows, ownerRows] = await db.batch([
    db
      .select({ city: cities, timeZone: regions.timeZone })
      .from(cities)
      .innerJoin(regions, eq(regions.id, cities.regionId))
      .where(eq(cities.id, cityId))
      .limit(1),
    db
      .select({ id: users.id, name: users.name, regionId: users.regionId })
      .from(users)
      .where(and(eq(users.id, owner ?? ''), eq(users.role, 'rep'), eq(users.active, true)))
      .limit(1),
  ]);
  const [placed] = cityRows;
  if (!placed) return { errors: { cityId: 'customer.error.city' } };
  const { city, timeZone } = placed;
  const found = ownerRows[0];
  if (!found || found.regionId !== city.regionId)
    return { errors: { ownerId: 'customer.error.owner' } };
  if (
    !mayPlaceRecord(viewer, 'customers', {
      regionId: city.regionId,
      cityId: city.id,
      ownerId: found.id,
    })
  )
    return {
      errors:
        ownerId && ownerId !== viewer.id
          ? { ownerId: 'customer.error.notYours' }
          : { cityId: 'customer.error.notYours' },
    };
  return { city, timeZone, owner: { id: found.id, name: found.name } };
}

export type NewCustomer = {
  id: string;
  statements: BatchItem<'sqlite'>[];
  /** The customer as `GET /api/v1/customers/:id` will show it. */
  detail: CustomerDetail;
  regionId: string;
  cityId: string;
  ownerId: string;
};

export async function newCustomer(
  db: Database,
  viewer: Viewer,
  input: CustomerInput,
  now: number,
): Promise<NewCustomer | { errors: FieldErrors }> {
  const place = await placeFor(db, viewer, input.cityId, input.ownerId);
  if ('errors' in place) return place;
  const row: CustomerRow = {
    id: crypto.randomUUID(),
    name: input.name,
    regionId: place.city.regionId,
    cityId: place.city.id,
    ownerId: place.owner.id,
    grade: input.grade ?? 'C',
    industry: input.industry ?? '',
    lifecycleStage: 'prospect',
    phone: input.phone,
    email: input.email ?? null,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    healthScore: null,
    healthWeakest: null,
    lastTouchAt: null,
    nextFollowUpAt: null,
    firstVisitAt: null,
    feedbackReceivedAt: null,
    dormant: false,
    externalId: null,
    dormantAt: null,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const contact = input.contact
    ? newContactRow(row.id, {
        name: input.contact.name,
        title: input.contact.title ?? null,
        phone: input.contact.phone ?? null,
        email: null,
        isPrimary: true,
        decisionRole: null,
        locale: null,
      })
    : null;
  const statements: BatchItem<'sqlite'>[] = [
    db.insert(customers).values(row),
    ...(contact ? [db.insert(contacts).values(contact)] : []),
    recordChange(db, {
      actorId: viewer.id,
      action: 'customer.created',
      subjectType: 'customer',
      subjectId: row.id,
      customerId: row.id,
      after: { ...audited(row), ...(contact ? { contact: contact.name } : {}) },
      now,
    }),
  ];
  const detail = customerDetail(
    viewer,
    {
      customer: row,
      cityName: place.city.name,
      cityNameZh: place.city.nameZh,
      ownerName: place.owner.name,
      timeZone: place.timeZone,
    },
    {
      contacts: contact ? [contact] : [],
      deals: [],
      contracts: [],
      orders: [],
      timeline: [[], [], [], [], [], [], []],
    },
    now,
  );
  return {
    id: row.id,
    statements,
    detail,
    regionId: row.regionId,
    cityId: row.cityId,
    ownerId: row.ownerId,
  };
}

export type CustomerChanges = Partial<Omit<CustomerInput, 'contact' | 'ownerId'>>;

/**
 * An edit within the viewer's edit scope: null when the customer is not theirs to change (404).
 * A new city must be one they may place the customer in, within its region (moving between
 * regions, like moving between reps, is a reassignment).
 */
export async function updateCustomer(
  db: Database,
  viewer: Viewer,
  id: string,
  changes: CustomerChanges,
  now: number,
): Promise<{ updated: true } | { errors: FieldErrors } | null> {
  const [existing] = await db
    .select()
    .from(customers)
    .where(editableById(viewer, 'customers', customers.id, id))
    .limit(1);
  if (!existing) return null;
  if (changes.cityId && changes.cityId !== existing.cityId) {
    const place = await placeFor(db, viewer, changes.cityId, existing.ownerId);
    if ('errors' in place) return { errors: { cityId: Object.values(place.errors)[0]! } };
    if (place.city.regionId !== existing.regionId)
      return { errors: { cityId: 'customer.error.cityRegion' } };
  }
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as CustomerChanges;
  const after: CustomerRow = {
    ...existing,
    ...defined,
    grade: defined.grade ?? existing.grade,
    industry: defined.industry === undefined ? existing.industry : (defined.industry ?? ''),
    name: defined.name ?? existing.name,
    phone: defined.phone ?? existing.phone,
    cityId: defined.cityId ?? existing.cityId,
    updatedAt: now,
  };
  await db.batch([
    db
      .update(customers)
      .set({
        name: after.name,
        phone: after.phone,
        email: after.email,
        cityId: after.cityId,
        grade: after.grade,
        industry: after.industry,
        address: after.address,
        lat: after.lat,
        lng: after.lng,
        updatedAt: now,
      })
      .where(editableById(viewer, 'customers', customers.id, id)),
    recordChange(db, {
      actorId: viewer.id,
      action: 'customer.updated',
      subjectType: 'customer',
      subjectId: id,
      customerId: id,
      before: audited(existing),
      after: audited(after),
      now,
    }),
  ]);
  return { updated: true };
}
