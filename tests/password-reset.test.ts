import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, postForm, sessionCookieFrom, signInAs } from './helpers/http';
import { seedTinyCompany } from './helpers/seed';

beforeAll(async () => {
  await seedTinyCompany();
});

const heading = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const notice = (html: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];
const forgot = (email: string) =>
  postForm('/forgot', { email }, { 'cf-connecting-ip': '198.51.100.44' });

/** The newest reset link sent to the user (in-app). */
async function resetLinkOf(email: string): Promise<string> {
  const row = await env.DB.prepare(
    `SELECT n.body FROM notifications n JOIN users u ON u.id = n.recipient_id
     WHERE u.email = ? AND n.kind = 'account.reset' AND n.channel = 'inbox' ORDER BY n.created_at DESC LIMIT 1`,
  )
    .bind(email)
    .first<{ body: string }>();
  return /\/reset\/[A-Za-z0-9_-]+/.exec(row?.body ?? '')![0];
}

describe('password reset', () => {
  it('answers the same whether or not the email has an account, and sends a link only to a real one', async () => {
    const unknown = await forgot('nobody.here@example.com');
    const known = await forgot('rep.north1@example.com');
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const unknownNotice = notice(await unknown.text());
    expect(unknownNotice).toBe(
      'If the address belongs to an account, a reset link was sent to its channels. It works once, for 1 hour.',
    );
    expect(notice(await known.text())).toBe(unknownNotice);
    const sent = await env.DB.prepare(
      "SELECT count(*) AS n FROM account_tokens WHERE purpose = 'reset'",
    ).first<{ n: number }>();
    expect(sent!.n).toBe(1);
  });

  it('the sign-in page links to it', async () => {
    expect(await (await call('/login')).text()).toContain('<a href="/forgot">Forgot password?</a>');
  });

  it('sets a new password once, ends the other sessions, and the old password stops working', async () => {
    const phone = await signInAs('rep.north2@example.com', undefined, '198.51.100.45');
    await forgot('rep.north2@example.com');
    const link = await resetLinkOf('rep.north2@example.com');
    expect(heading(await (await call(link)).text())).toBe('Choose a new password');

    const reset = await postForm(link, {
      password: 'new-north2-password',
      passwordConfirm: 'new-north2-password',
    });
    expect(reset.status).toBe(303);
    // The session that reset is signed in; the one on the other phone is gone.
    expect((await call('/rep', { headers: { cookie: sessionCookieFrom(reset) } })).status).toBe(
      200,
    );
    const stale = await phone.get('/rep');
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toMatch(/^\/login/);

    const again = await postForm(link, {
      password: 'third-password!',
      passwordConfirm: 'third-password!',
    });
    expect(again.status).toBe(410);
    expect(heading(await again.text())).toBe('This link no longer works');

    const old = await postForm(
      '/login',
      { email: 'rep.north2@example.com', password: 'fieldwall-demo' },
      { 'cf-connecting-ip': '198.51.100.46' },
    );
    expect(old.status).toBe(401);
    await signInAs('rep.north2@example.com', 'new-north2-password', '198.51.100.47');
  });

  it('refuses a link after its hour', async () => {
    await forgot('rep.west1@example.com');
    const link = await resetLinkOf('rep.west1@example.com');
    await env.DB.prepare(
      "UPDATE account_tokens SET expires_at = ? WHERE purpose = 'reset' AND used_at IS NULL",
    )
      .bind(Date.now() - 1)
      .run();
    const late = await postForm(link, {
      password: 'too-late-password',
      passwordConfirm: 'too-late-password',
    });
    expect(late.status).toBe(410);
  });

  it('an admin starts a reset from the user page and sees the link once', async () => {
    const admin = await signInAs('admin@example.com', undefined, '198.51.100.48');
    const user = await env.DB.prepare(
      "SELECT id FROM users WHERE email = 'rep.east1@example.com'",
    ).first<{
      id: string;
    }>();
    const page = await (await admin.get(`/admin/users/${user!.id}`)).text();
    const key =
      /action="\/admin\/users\/[^"]+\/reset"[\s\S]*?name="submissionKey" value="([^"]+)"/.exec(
        page,
      )![1]!;
    const started = await admin.post(`/admin/users/${user!.id}/reset`, { submissionKey: key });
    expect(started.status).toBe(303);
    const location = started.headers.get('location')!;
    const shown = await (await admin.get(location)).text();
    expect(shown).toContain('Password reset link, shown only this once');
    expect(shown).toMatch(/http:\/\/fieldwall\.test\/reset\/[A-Za-z0-9_-]+/);
    expect(await (await admin.get(location)).text()).not.toMatch(/\/reset\/[A-Za-z0-9_-]{20,}/);
  });
});
