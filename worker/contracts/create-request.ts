import type { Context } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../platform/app-env';
import { currentUser } from '../platform/access/guards';
import { HttpError } from '../platform/http/errors';
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
