import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './platform/app-env';
import { requireCapability, requireUser } from './platform/access/guards';
import { openDatabase } from './platform/db/client';
import { carryBookmark, openReadSession } from './platform/db/read-session';
import { countRoundTrips, ROUND_TRIPS_HEADER } from './platform/db/round-trips';
import { withRideAlong } from './platform/db/ride-along';
import { HttpError } from './platform/http/errors';
import { wantsJson } from './platform/http/request';
import { pageRenderer } from './platform/http/render';
import { translator } from './platform/i18n';
import type { MessageKey } from './platform/i18n';
import { authenticate } from './platform/middleware/authenticate';
import { csrfProtection } from './platform/middleware/csrf';
import { resolveLocale } from './platform/middleware/locale';
import { noStore } from './platform/middleware/no-store';
import { apiTimes } from './platform/http/api-times';
import { securityHeaders } from './platform/middleware/security-headers';
import { apiTokenAdmin } from './admin/api-tokens';
import { leaderboardPages } from './points/pages';
import { jobsAdmin } from './admin/jobs';
import { auditLogAdmin } from './admin/audit-log';
import { cityAdmin, regionAdmin } from './admin/organisation-pages';
import { userAdmin } from './admin/user-pages';
import { teamPages } from './admin/team-pages';
import { apiV1 } from './api';
import { authRoutes } from './auth/pages';
import { customerDealPages, dealPages } from './deals/pages';
import { stageGatesAdmin } from './deals/stage-gates-admin';
import { deactivatePages } from './users/deactivate-pages';
import { customerPages } from './customers/pages';
import { leadConversionPages } from './leads/conversion-pages';
import { contactPages } from './contacts/pages';
import { exportPages } from './exports/pages';
import { timelinePages } from './customers/timeline-pages';
import { reassignPages } from './customers/reassign-pages';
import { contractPages, customerContractPages } from './contracts/pages';
import { customerOrderPages, orderPages } from './orders/pages';
import { renewalPages } from './renewals/pages';
import { historyPages } from './history/pages';
import { healthRoutes } from './platform/health';
import { homeRoutes } from './home/pages';
import { regionWallPages } from './tasks/wall-pages';
import { directorAnalyticsPages, managerAnalyticsPages } from './analytics/pages';
import { settingsRoutes } from './auth/settings';
import { setupRoutes } from './auth/setup';
import { accountLinkRoutes } from './auth/account-links';
import { leadPages } from './leads/pages';
import { photoRoutes } from './visits/photos';
import { repPages } from './rep/pages';
import { inboxPages } from './notifications/inbox-pages';
import { visitPages } from './visits/pages';
import { wallLiveRoutes } from './tasks/wall-live';
import { webhookRoutes } from './webhooks/routes';
import { escalationPages } from './escalations/pages';
import { taskPages, taskPhotoRoutes } from './tasks/pages';
import { campaignAdmin } from './campaigns/admin-pages';
import { reportRoutes } from './reports/pages';
import { deliveriesAdmin, keywordsAdmin, routesAdmin, sourcesAdmin } from './admin/integrations';
import { PHOTO_MAX_BYTES } from './visits/visit-input';
import { adminImportRedirect, importPages } from './imports/pages';
import { IMPORT_MAX_BYTES } from './imports/source';
import { feedbackPages } from './follow-up/feedback-pages';
import { customerGatewayAdmin } from './follow-up/gateway';
import { nurturePages } from './follow-up/nurture';
import { ErrorPage } from '../views/platform/error-page';

const MAX_BODY_BYTES = 256 * 1024;
// A visit may carry its evidence photo (normally shrunk in the browser to well under 1 MB), a
// deal its documents and a contract its signed file (each at most 10 MB, like a photo).
const MAX_VISIT_BODY_BYTES = PHOTO_MAX_BYTES + 256 * 1024;
const VISIT_UPLOAD_PATH =
  /^\/(customers\/[^/]+\/visits|api\/v1\/visits|tasks\/[^/]+\/complete|api\/v1\/tasks\/[^/]+\/complete|(api\/v1\/)?deals\/[^/]+\/documents|customers\/[^/]+\/contracts|(api\/v1\/)?contracts\/[^/]+\/file)$/;

function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError(
        413,
        'payload_too_large',
        `The body is larger than ${Math.round(maxSize / 1024)} KB.`,
      );
    },
  });
}
const defaultBodyLimit = limitBody(MAX_BODY_BYTES);
const visitBodyLimit = limitBody(MAX_VISIT_BODY_BYTES);
// A CSV to import: the page itself refuses a file over IMPORT_MAX_BYTES with a clear message.
const importBodyLimit = limitBody(IMPORT_MAX_BYTES + 1024 * 1024);

const signedIn = [requireUser];
const administrators = [requireUser, requireCapability('administer')];
const teamManagers = [requireUser, requireCapability('manageTeam')];
const importers = [requireUser, requireCapability('importRecords')];

/**
 * The signed-in sections, each mounted and guarded by this one table: browsers without a session
 * go to sign in, API callers get 401, and /admin also needs the administer capability. Finer
 * role checks sit in each section's routes (`requireCapability`), from the same access policy.
 */
const SECTIONS: { path: string; routes: Hono<AppEnv>[]; guard: MiddlewareHandler<AppEnv>[] }[] = [
  {
    path: '/customers',
    // Reassignment first: its /customers/reassign is not a customer id.
    routes: [
      reassignPages,
      customerPages,
      visitPages,
      customerDealPages,
      contactPages,
      timelinePages,
      customerContractPages,
      customerOrderPages,
    ],
    guard: signedIn,
  },
  { path: '/contracts', routes: [contractPages], guard: signedIn },
  { path: '/orders', routes: [orderPages], guard: signedIn },
  { path: '/renewals', routes: [renewalPages], guard: signedIn },
  { path: '/history', routes: [historyPages], guard: signedIn },
  { path: '/exports', routes: [exportPages], guard: signedIn },
  { path: '/rep', routes: [repPages], guard: signedIn },
  { path: '/inbox', routes: [inboxPages], guard: signedIn },
  { path: '/photos', routes: [photoRoutes], guard: signedIn },
  { path: '/wall/live', routes: [wallLiveRoutes], guard: signedIn },
  { path: '/leads', routes: [leadPages, leadConversionPages], guard: signedIn },
  { path: '/manager', routes: [regionWallPages, managerAnalyticsPages], guard: signedIn },
  { path: '/director', routes: [directorAnalyticsPages], guard: signedIn },
  { path: '/manager/escalations', routes: [escalationPages], guard: signedIn },
  { path: '/nurture', routes: [nurturePages], guard: signedIn },
  { path: '/manager/team', routes: [teamPages], guard: teamManagers },
  { path: '/imports', routes: [importPages], guard: importers },
  { path: '/deals', routes: [dealPages], guard: signedIn },
  { path: '/tasks', routes: [taskPages], guard: signedIn },
  { path: '/reports', routes: [reportRoutes], guard: signedIn },
  { path: '/leaderboard', routes: [leaderboardPages], guard: signedIn },
  { path: '/task-photos', routes: [taskPhotoRoutes], guard: signedIn },
  { path: '/admin/api-tokens', routes: [apiTokenAdmin], guard: administrators },
  { path: '/admin/regions', routes: [regionAdmin], guard: administrators },
  { path: '/admin/cities', routes: [cityAdmin], guard: administrators },
  { path: '/admin/users', routes: [userAdmin], guard: administrators },
  { path: '/admin/campaigns', routes: [campaignAdmin], guard: administrators },
  { path: '/admin/deliveries', routes: [deliveriesAdmin], guard: administrators },
  { path: '/admin/routes', routes: [routesAdmin], guard: administrators },
  { path: '/admin/customer-gateway', routes: [customerGatewayAdmin], guard: administrators },
  { path: '/admin/keywords', routes: [keywordsAdmin], guard: administrators },
  { path: '/admin/sources', routes: [sourcesAdmin], guard: administrators },
  { path: '/admin/stage-gates', routes: [stageGatesAdmin], guard: administrators },
  { path: '/admin/audit', routes: [auditLogAdmin], guard: administrators },
  { path: '/admin/jobs', routes: [jobsAdmin], guard: administrators },
  // The brief's address for import: the same pages, for everyone who may import.
  { path: '/admin/import', routes: [adminImportRedirect], guard: importers },
  // Outside /admin: managers deactivate their own region's reps too; each route asks the access policy.
  { path: '/users', routes: [deactivatePages], guard: signedIn },
];

const ERROR_MESSAGE_KEYS: Partial<Record<number, MessageKey>> = {
  400: 'error.badRequest',
  403: 'error.forbidden',
  404: 'error.notFound',
  413: 'error.badRequest',
  422: 'error.badRequest',
};

const withDatabase = createMiddleware<AppEnv>(async (c, next) => {
  // Webhook senders have no bookmark to carry: their writes go to the primary.
  const read = c.req.path.startsWith('/webhooks/') ? null : openReadSession(c);
  const client = read?.session ?? c.env.DB;
  // In development every response says how many D1 round trips it cost (a rep page costs 1 on a warm isolate).
  const counted = c.env.ENVIRONMENT === 'development' ? countRoundTrips(client) : null;
  const riding = withRideAlong(counted?.db ?? client);
  c.set('db', openDatabase(riding.db));
  c.set('rideAlong', riding.rideAlong);
  // Defaults so that even an error raised before locale resolution can render a page.
  c.set('user', null);
  c.set('authentication', null);
  c.set('unreadCountPending', false);
  c.set('sessionCheck', 'not_needed');
  c.set('locale', 'en');
  c.set('t', translator('en'));
  await next();
  if (counted) c.res.headers.set(ROUND_TRIPS_HEADER, String(counted.count()));
  if (read) carryBookmark(c, read.session, read.bookmark);
});

export function createApp() {
  const app = new Hono<AppEnv>();

  // First, so that every page and error page renders through c.render() with the request in context.
  app.use(pageRenderer);
  app.use(securityHeaders);
  app.use('/api/v1/*', noStore, apiTimes);
  app.route('/', healthRoutes);
  app.use(withDatabase);
  app.use((c, next) =>
    VISIT_UPLOAD_PATH.test(c.req.path)
      ? visitBodyLimit(c, next)
      : c.req.path === '/imports/new'
        ? importBodyLimit(c, next)
        : defaultBodyLimit(c, next),
  );
  app.use(authenticate);
  app.use(resolveLocale);
  app.use(csrfProtection);

  app.route('/webhooks', webhookRoutes);
  // Customers answering a feedback link: no sign-in, the signed link is the capability.
  app.route('/feedback', feedbackPages);
  app.route('/', authRoutes);
  app.route('/', setupRoutes);
  app.route('/', accountLinkRoutes);
  app.route('/', settingsRoutes);
  app.route('/', homeRoutes);
  for (const section of SECTIONS) {
    app.use(section.path, ...section.guard);
    app.use(`${section.path}/*`, ...section.guard);
    for (const routes of section.routes) app.route(section.path, routes);
  }
  app.route('/api/v1', apiV1);

  app.notFound(() => {
    throw new HttpError(404, 'not_found', 'No such page or endpoint.');
  });

  app.onError((error, c) => {
    // Hono's own errors (a malformed JSON body, a bad Content-Type) are client errors too.
    const known =
      error instanceof HttpError
        ? error
        : error instanceof HTTPException && error.status < 500
          ? new HttpError(400, 'invalid_request', error.message)
          : null;
    if (!known) console.error('unhandled error', c.req.method, c.req.path, error);
    const status = known?.status ?? 500;
    for (const [name, value] of Object.entries(known?.headers ?? {})) c.header(name, value);
    if (wantsJson(c)) {
      const body = known
        ? {
            error: {
              code: known.code,
              message: known.message,
              ...(known.details ? { details: known.details } : {}),
            },
          }
        : {
            error: {
              code: 'internal_error',
              message: 'Something went wrong on our side. It has been logged.',
            },
          };
      return c.json(body, status);
    }
    const t = c.var.t;
    const key =
      known?.code === 'csrf_failed'
        ? 'error.csrf'
        : (ERROR_MESSAGE_KEYS[status] ?? 'error.unavailable');
    c.status(status);
    return c.render(<ErrorPage message={t(key)} />);
  });

  return app;
}
