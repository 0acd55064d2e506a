import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { scopedById } from '../platform/access/scope';
import { contracts, orders, regions } from '../platform/db/schema';
import { HttpError, notFound } from '../platform/http/errors';
import { readJson } from '../platform/http/request';
import { invalidRequest } from '../platform/http/validate';
import { customerForNewRecord, type RecordCustomer } from './contracts';

/**
 * The body of an API create on a customer (a contract, an order): the customer its `customerId`
 * names, within the caller's scope (else 404 `customer_not_found`), and the body read in that
 * customer's region time zone (dates sent as `YYYY-MM-DD` are days there).
 */
export async function customerCreateRequest<Schema extends z.ZodType>(
  c: Context<AppEnv>,
  schemaFor: (timeZone: string) => Schema,
): Promise<{ customer: RecordCustomer; data: z.output<Schema> }> {
  const json = await readJson(c);
  const customerId = (json as { customerId?: unknown } | null)?.customerId;
  const customer =
    typeof customerId === 'string' && customerId.length <= 64
      ? await customerForNewRecord(c.var.db, currentUser(c), customerId)
      : null;
  if (!customer) throw new HttpError(404, 'customer_not_found', 'No such customer in your scope.');
  const parsed = schemaFor(customer.timeZone).safeParse(json);
  if (!parsed.success) throw invalidRequest(parsed.error.issues, c.var.t);
  return { customer, data: parsed.data };
}

const RECORD_TABLES = { contracts, orders };

/**
 * The region time zone of a contract or order within the caller's read scope, for reading the
 * dates of a change sent as `YYYY-MM-DD` (404 outside the scope): one small read, not the page's.
 */
export async function recordTimeZone(
  c: Context<AppEnv>,
  resource: keyof typeof RECORD_TABLES,
  id: string,
): Promise<string> {
  const table = RECORD_TABLES[resource];
  const [row] = await c.var.db
    .select({ timeZone: regions.timeZone })
    .from(table)
    .innerJoin(regions, eq(regions.id, table.regionId))
    .where(scopedById(currentUser(c), resource, table.id, id))
    .limit(1);
  if (!row) throw notFound();
  return row.timeZone;
}
