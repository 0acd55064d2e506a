import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { DEFAULT_TIME_ZONE, type AppEnv } from '../app-env';
import type { PageFrame } from '../../../views/platform/layout';

export function pageFrame(c: Context<AppEnv>, options: { live?: boolean } = {}): PageFrame {
  const authentication = c.var.authentication;
  return {
    ...options,
    t: c.var.t,
    locale: c.var.locale,
    user: c.var.user,
    csrfToken: authentication?.method === 'session' ? authentication.csrfToken : null,
    path: c.req.path,
    now: Date.now(),
    timeZone: c.var.user?.timeZone ?? DEFAULT_TIME_ZONE,
  };
}


/** A full page, or with htmx only the fragment it asked for (the caller passes which). */
export function renderHtml(c: Context<AppEnv>, element: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('Cache-Control', 'private, no-store');
  return c.html(html`<!doctype html>${element}`, status);
}

export function renderFragment(c: Context<AppEnv>, element: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('Cache-Control', 'private, no-store');
  return c.html(element, status);
}
