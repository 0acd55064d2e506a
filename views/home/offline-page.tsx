import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

/** Kept by the service worker and shown for pages that are not available offline. */
export function OfflinePage() {
  const { t } = usePage();
  return (
    <Layout title={t('offline.title')}>
      <section class="card stack">
        <h1>{t('offline.title')}</h1>
        <p>{t('sync.offline')}</p>
        <p>
          <a class="button" href="/rep/today">
            {t('nav.today')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
