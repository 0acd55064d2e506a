import { Layout } from '../platform/layout';
import { usePage } from '../platform/page';

const SCORES = [1, 2, 3, 4, 5] as const;

/** The customer's questions: satisfaction 1–5 (big radio buttons), a call yes/no, a comment. */
export function FeedbackPage({
  request,
  commentMax,
  error,
}: {
  request: { customerName: string; repName: string; recipientName: string | null };
  commentMax: number;
  error?: boolean;
}) {
  const { t } = usePage();
  return (
    <Layout title={t('feedback.title')}>
      <section class="card feedback">
        <h1>{t('feedback.title')}</h1>
        <p>
          {t('feedback.intro', {
            name: request.recipientName ?? request.customerName,
            rep: request.repName,
          })}
        </p>
        {error ? (
          <p class="notice bad" role="alert">
            {t('feedback.error')}
          </p>
        ) : null}
        <form method="post">
          <fieldset class="scale">
            <legend>{t('feedback.satisfaction')}</legend>
            {SCORES.map((score) => (
              <label>
                <input type="radio" name="satisfaction" value={String(score)} required />
                <span>{score}</span>
              </label>
            ))}
            <p class="muted scale-ends">
              <span>{t('feedback.satisfaction.low')}</span>
              <span>{t('feedback.satisfaction.high')}</span>
            </p>
          </fieldset>
          <fieldset class="choices">
            <legend>{t('feedback.wantsCall')}</legend>
            <label>
              <input type="radio" name="wantsCall" value="yes" required /> {t('feedback.yes')}
            </label>
            <label>
              <input type="radio" name="wantsCall" value="no" /> {t('feedback.no')}
            </label>
          </fieldset>
          <label for="feedback-comment">{t('feedback.comment')}</label>
          <textarea id="feedback-comment" name="comment" rows={4} maxlength={commentMax} />
          <p>
            <button type="submit">{t('feedback.submit')}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

/** Instead of the questions: already answered (thank you), expired, or too many attempts. */
export function FeedbackStatePage({ state }: { state: 'answered' | 'expired' | 'throttled' }) {
  const { t } = usePage();
  const title = t(`feedback.${state}.title`);
  return (
    <Layout title={title}>
      <section class="card feedback">
        <h1>{title}</h1>
        <p>{t(`feedback.${state}.body`)}</p>
      </section>
    </Layout>
  );
}
