import { Layout } from './layout';
import { usePage } from './page';

export function ErrorPage({ message }: { message: string }) {
  const frame = usePage();
  return (
    <Layout title={frame.t('error.title')}>
      <section class="card stack">
        <h1>{frame.t('error.title')}</h1>
        <p role="alert">{message}</p>
        <p>
          <a class="button" href="/">
            {frame.t('error.home')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
