// Secrets are not in wrangler.jsonc, so `wrangler types` does not list them: set with
// `wrangler secret put SETUP_TOKEN --env production` (or in `.dev.vars` locally).
interface Env {
  /** The one-time token that lets /setup create the first admin of an empty database. */
  SETUP_TOKEN?: string;
}
declare namespace Cloudflare {
  interface Env {
    SETUP_TOKEN?: string;
  }
}
