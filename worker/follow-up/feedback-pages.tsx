/**
 * `/feedback/<token>`: the customer's feedback page. No sign-in: the signed token is the
 * capability (the CSRF middleware asks this path for no session token). It speaks the contact's
 * language, is answered once, and refuses a tampered link (404) and an expired one (410).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../platform/app-env';
import { notFound } from '../platform/http/errors';
import { clientAddress, readForm } from '../platform/http/request';
import { translator } from '../platform/i18n';
import { FeedbackPage, FeedbackStatePage } from '../../views/follow-up/feedback-page';
import { answerFeedback, findFeedbackRequest, type FeedbackRequestView } from './feedback';
import { feedbackSecret } from './feedback-token';
import { FEEDBACK_COMMENT_MAX, feedbackAnswers } from './rules';

/** The token's request in an open state, or the page that answers instead. */
async function lookUp(c: Context<AppEnv>) {
  const secret = feedbackSecret(c.env);
  if (!secret) throw notFound();
  const found = await findFeedbackRequest(
    c.var.db,
    secret,
    c.req.param('token') ?? '',
    clientAddress(c),
    Date.now(),
  );
  if (found.outcome === 'not_found') throw notFound();
  if (found.outcome === 'throttled') {
    c.header('Retry-After', String(Math.ceil(found.retryAfterMs / 1000)));
    c.status(429);
    return { page: c.render(<FeedbackStatePage state="throttled" />) };
  }
  speak(c, found.request);
  if (found.state === 'expired') {
    c.status(410);
    return { page: c.render(<FeedbackStatePage state="expired" />) };
  }
  return { state: found.state, request: found.request };
}

/** The page is in the contact's language, whatever the browser asks for. */
function speak(c: Context<AppEnv>, request: FeedbackRequestView) {
  c.set('locale', request.locale);
  c.set('t', translator(request.locale));
  c.header('Content-Language', request.locale);
}

export const feedbackPages = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const found = await lookUp(c);
    if ('page' in found) return found.page;
    if (found.state === 'answered') return c.render(<FeedbackStatePage state="answered" />);
    return c.render(<FeedbackPage request={found.request} commentMax={FEEDBACK_COMMENT_MAX} />);
  })
  .post('/:token', async (c) => {
    const found = await lookUp(c);
    if ('page' in found) return found.page;
    if (found.state === 'answered') {
      c.status(409);
      return c.render(<FeedbackStatePage state="answered" />);
    }
    const form = feedbackAnswers.safeParse(await readForm(c));
    if (!form.success) {
      c.status(422);
      return c.render(
        <FeedbackPage request={found.request} commentMax={FEEDBACK_COMMENT_MAX} error />,
      );
    }
    if (!(await answerFeedback(c.var.db, found.request, form.data, Date.now()))) {
      c.status(409);
      return c.render(<FeedbackStatePage state="answered" />);
    }
    // Post-redirect-get: a reload shows the thank-you, not a second submit.
    return c.redirect(c.req.path, 303);
  });
