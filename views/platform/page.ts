import { useRequestContext } from 'hono/jsx-renderer';
import type { Context } from 'hono';
import type { AppEnv } from '../../worker/platform/app-env';
import { pageFrame, type PageFrame } from '../../worker/platform/http/render';

export type { PageFrame };

// One frame per request, so every component of a page sees the same clock.
const frames = new WeakMap<Context<AppEnv>, PageFrame>();

/**
 * What the page being rendered knows about its request (translator, user, locale, time zone,
 * path, CSRF token). Works in any component rendered through `c.render()`.
 */
export function usePage(): PageFrame {
  const c = useRequestContext<AppEnv>();
  let frame = frames.get(c);
  if (!frame) {
    frame = pageFrame(c);
    frames.set(c, frame);
  }
  return frame;
}
