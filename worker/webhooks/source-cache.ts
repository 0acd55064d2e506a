import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../platform/db/client';
import { webhookSources } from '../platform/db/schema';

type WebhookSource = typeof webhookSources.$inferSelect;
type Provider = WebhookSource['provider'];

/**
 * How long an isolate keeps an active webhook source it has read. Every acknowledgement needs the
 * source (its secret), and a D1 read per delivery would double the work before the 200. The rule:
 * a source that is changed (new secret, new settings) or switched off takes effect within 30
 * seconds; a new source takes effect at once, because only sources found active are kept.
 */
export const SOURCE_CACHE_MS = 30_000;

const cached = new Map<string, { source: WebhookSource; until: number }>();

/** The active source `id` of one of `providers`, from this isolate's cache when read less than 30 s ago. */
export async function findActiveSource(
  db: Database,
  id: string,
  providers: Provider[],
  now = Date.now(),
): Promise<WebhookSource | null> {
  const key = `${id}\n${providers.join(',')}`;
  const hit = cached.get(key);
  if (hit && hit.until > now) return hit.source;
  const [source] = await db
    .select()
    .from(webhookSources)
    .where(
      and(
        eq(webhookSources.id, id),
        eq(webhookSources.active, true),
        inArray(webhookSources.provider, providers),
      ),
    )
    .limit(1);
  if (!source) {
    cached.delete(key);
    return null;
  }
  cached.set(key, { source, until: now + SOURCE_CACHE_MS });
  return source;
}
