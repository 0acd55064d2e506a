/** What the customer pages and /api/v1/customers accept: the same schemas for both. */
import { z } from 'zod';
import { decodeCursor } from './queries';

export const PAGE_SIZE = 25;

export const customerListQuery = z.object({
  q: z.string().max(100).optional(),
  cursor: z
    .string()
    .max(400)
    .optional()
    .transform((text, ctx) => {
      if (!text) return null;
      const cursor = decodeCursor(text);
      if (!cursor)
        ctx.addIssue({
          code: 'custom',
          message: 'Unknown cursor; start again from the first page.',
        });
      return cursor;
    }),
  limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
});

export const customerIdParam = z.object({ id: z.string().min(1).max(64) });
