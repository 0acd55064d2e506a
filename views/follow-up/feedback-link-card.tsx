import type { FeedbackShare } from '../../worker/follow-up/share-link';
import { formatDate } from '../../worker/platform/http/format';
import { translator } from '../../worker/platform/i18n';
import { usePage } from '../platform/page';

/**
 * "Feedback link due" on the customer page: the link to send from the rep's own phone. The field
 * can be selected and copied anywhere; a text message opens with it on phones; the Share button
 * appears where the browser can share (rep.js).
 */
export function FeedbackLinkCard({ share }: { share: FeedbackShare | null | undefined }) {
  const { t, locale, timeZone } = usePage();
  if (!share) return null;
  // What the customer reads is in their language, whatever the rep's.
  const prompt = translator(share.locale)('followUp.share.prompt');
  return (
    <section class="card feedback-due" id="feedback-link">
      <h2>{t('followUp.card.title')}</h2>
      <p class="muted">
        {t('followUp.card.intro', {
          name: share.recipientName ?? '—',
          expires: formatDate(share.expiresAt, locale, timeZone),
        })}
      </p>
      <label for="feedback-link-url">{t('followUp.card.copy')}</label>
      <input id="feedback-link-url" type="url" readonly value={share.url} />
      <p class="actions">
        <button
          type="button"
          hidden
          data-share-url={share.url}
          data-share-title={translator(share.locale)('feedback.title')}
          data-share-text={prompt}
        >
          {t('followUp.card.share')}
        </button>
        {share.phone ? (
          <a
            class="button secondary"
            href={`sms:${share.phone.replace(/[^\d+]/g, '')}?body=${encodeURIComponent(`${prompt} ${share.url}`)}`}
          >
            {t('followUp.card.sms')}
          </a>
        ) : null}
      </p>
    </section>
  );
}
