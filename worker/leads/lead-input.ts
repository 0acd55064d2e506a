/** What the inbox's first-touch buttons and /api/v1/leads accept: the same schemas for both. */
import { z } from 'zod';
import { FIRST_TOUCH_CHANNELS } from '../platform/db/schema';

export const leadIdParam = z.object({ id: z.string().min(1).max(64) });
export const firstTouchInput = z.object({ channel: z.enum(FIRST_TOUCH_CHANNELS) });
