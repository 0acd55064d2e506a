// Secrets are not in wrangler.jsonc, so `wrangler types` does not list them: set with
// `wrangler secret put SETUP_TOKEN --env production` (or in `.dev.vars` locally).
interface Env {
  /** The one-time token that lets /setup create the first admin of an empty database. */
  SETUP_TOKEN?: string;
  /** Signs customers' feedback links (worker/follow-up/feedback-token.ts); any long random string. */
  FEEDBACK_LINK_SECRET?: string;
}
declare namespace Cloudflare {
  interface Env {
    SETUP_TOKEN?: string;
    FEEDBACK_LINK_SECRET?: string;
  }
}
