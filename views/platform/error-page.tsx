import { Layout, type PageFrame } from './layout';

export function ErrorPage({ frame, message }: { frame: PageFrame; message: string }) {
  return (
    <Layout frame={frame} title={frame.t('error.title')}>
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
