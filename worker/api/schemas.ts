/**
 * The API's request shapes. They check JSON types at the edge; the business rules (lengths,
 * future times, stage needs a deal…) are the same `visitSchema` the HTML form uses.
 */
import { z } from 'zod';
import { DEAL_STAGES, FIRST_TOUCH_CHANNELS, LEAD_STATUSES } from '../platform/db/schema';

export const visitBody = z
  .object({
    customerId: z.string().describe('The customer visited.'),
    summary: z.string().describe('What happened; at least 10 characters.'),
    nextFollowUpAt: z.string().describe('ISO 8601 time with offset, in the future, e.g. 2026-11-30T10:00:00+08:00.'),
    lat: z.number().min(-90).max(90).optional().describe('Check-in latitude.'),
    lng: z.number().min(-180).max(180).optional().describe('Check-in longitude.'),
    dealId: z.string().optional().describe("One of the customer's deals."),
    stage: z.enum(DEAL_STAGES).optional().describe('The stage the deal reached; needs dealId.'),
    commitment: z
      .object({ text: z.string().max(500), dueAt: z.string().describe('ISO 8601 time with offset.') })
      .optional()
      .describe('What the rep promised, and by when.'),
  })
  .strict();

export const visitCreated = z.object({
  id: z.string(),
  customerId: z.string(),
  visitedAt: z.number().describe('Epoch milliseconds.'),
  checkInStatus: z.enum(['verified', 'out_of_range', 'unverified']),
  checkInDistanceM: z.number().nullable(),
  aci: z.object({ nextFollowUp: z.boolean(), evidence: z.boolean(), stage: z.boolean() }),
});

export const leadListQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const firstTouchJson = z.object({ channel: z.enum(FIRST_TOUCH_CHANNELS) });

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
