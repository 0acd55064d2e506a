import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { CSRF_FIELD } from './form-fields';
import { usePage, type PageFrame } from './page';

// htmx 4: app.css styles the indicator, so htmx adds no stylesheet of its own. Error answers
// (4xx/5xx) are not swapped into the list they were asked for; htmx 4 would swap a whole error
// page there. Eval and inline scripts need no setting: the CSP (script-src 'self') refuses both.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorCSS: false,
  noSwap: [204, 304, '4xx', '5xx'],
});

export function CsrfField() {
  const frame = usePage();
  return frame.csrfToken ? <input type="hidden" name={CSRF_FIELD} value={frame.csrfToken} /> : null;
}

/** A form that is one button: an action on a record (claim, resolve, revoke…), CSRF-protected. */
export function PostButton({
  action,
  label,
  formClass,
  buttonClass,
}: {
  action: string;
  label: string;
  formClass?: string;
  buttonClass?: string;
}) {
  return (
    <form method="post" action={action} class={formClass}>
      <CsrfField />
      <button type="submit" class={buttonClass}>
        {label}
      </button>
    </form>
  );
}

/**
 * The whole document around a page; `live` pages (a region wall) load its socket client. A page
 * that htmx keeps fresh can ask browsers without JavaScript to reload it every `refreshSeconds`.
 */
export function Layout({
  title,
  live,
  refreshSeconds,
  children,
}: {
  title: string;
  live?: boolean;
  refreshSeconds?: number;
  children?: Child;
}) {
  const frame = usePage();
  const { t, user, assets } = frame;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={frame.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t('app.name')}`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href={assets.css} />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <script src={assets.htmx} defer></script>
          {/* Loaded on sign-in too, so a rep's first home after signing in needs no extra request. */}
          {!frame.user || frame.user.role === 'rep' ? (
            <script src={assets.rep} defer></script>
          ) : null}
          {live ? <script src={assets.wall} defer></script> : null}
          {refreshSeconds ? (
            <noscript>
              <meta http-equiv="refresh" content={String(refreshSeconds)} />
            </noscript>
          ) : null}
        </head>
        {/* The rep's offline queue belongs to the signed-in user: rep.js stamps and sends only their visits.
            htmx 4 inherits only attributes marked `:inherited`: every request inside sends the CSRF token. */}
        <body
          hx-headers:inherited={
            frame.csrfToken ? JSON.stringify({ 'X-CSRF-Token': frame.csrfToken }) : undefined
          }
          data-offline={frame.user?.role === 'rep' ? 'rep' : undefined}
          data-user-id={user?.id}
          data-unsent={frame.user?.role === 'rep' ? t('nav.signOut.unsent') : undefined}
        >
          <a class="skip" href="#main">
            {t('app.skipToContent')}
          </a>
          <header class="bar">
            <a href="/">
              <strong>{t('app.name')}</strong>
            </a>
            {user ? (
              <span class="who">
                {[user.name, t(`role.${user.role}`), regionLabel(frame)]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            ) : null}
            <nav aria-label={t('app.name')}>
              {user ? <Navigation /> : null}
              {user ? (
                <a
                  href="/inbox"
                  id="unread-count"
                  aria-label={t('nav.notificationsUnread', { count: user.unreadNotifications })}
                  aria-current={frame.path === '/inbox' ? 'page' : undefined}
                >
                  {t('nav.notifications')}
                  {/* Nothing new shows no badge; the label still says the count. */}
                  {user.unreadNotifications > 0 ? (
                    <>
                      {' '}
                      <span class="badge">{user.unreadNotifications}</span>
                    </>
                  ) : null}
                </a>
              ) : null}
              {user ? <a href="/settings">{t('nav.settings')}</a> : null}
              <LocaleSwitch />
              {user ? (
                <PostButton action="/logout" label={t('nav.signOut')} buttonClass="link" />
              ) : null}
            </nav>
          </header>
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}

function regionLabel({ user, locale, t }: PageFrame): string | null {
  if (!user) return null;
  if (!user.regionId) return user.role === 'director' ? t('region.all') : null;
  return (locale === 'zh-CN' ? user.regionNameZh : user.regionName) ?? null;
}

/** The links the access policy allows this user (see worker/platform/access/navigation.ts). */
function Navigation() {
  const { t, path, navigation } = usePage();
  return (
    <>
      {navigation.map((link) => (
        <a
          href={link.href}
          aria-current={
            (link.exact ? path === link.href : path.startsWith(link.href)) ? 'page' : undefined
          }
        >
          {t(link.label)}
        </a>
      ))}
    </>
  );
}

function LocaleSwitch() {
  const frame = usePage();
  const { t } = frame;
  return (
    <form method="post" action="/settings/locale">
      <CsrfField />
      <input type="hidden" name="next" value={frame.path} />
      <label class="skip" for="locale-select">
        {t('nav.language')}
      </label>
      <select id="locale-select" name="locale" aria-label={t('nav.language')}>
        <option value="en" selected={frame.locale === 'en'}>
          English
        </option>
        <option value="zh-CN" selected={frame.locale === 'zh-CN'}>
          简体中文
        </option>
      </select>
      <button type="submit">{t('nav.apply')}</button>
    </form>
  );
}
