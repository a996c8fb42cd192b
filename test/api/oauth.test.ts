// OAuth for public integrations over HTTP: the authorization page, codes, the token endpoints and
// every refusal they answer with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import { call, closeEmulators, startEmulator, type Reply } from '../helpers/emulator.js';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';
const SECRET = 'secret_test_client';
const REDIRECT = 'https://app.example/callback';
const OTHER_REDIRECT = 'https://app.example/other';

const fixture: Fixture = {
  users: [{ key: 'ada', name: 'Ada', email: 'ada@example.com' }],
  pages: [
    { key: 'shared', title: 'Shared' },
    { key: 'kept', title: 'Kept back' },
  ],
  public_integrations: [
    { key: 'app', name: 'Example App', client_id: CLIENT_ID, client_secret: SECRET, redirect_uris: [REDIRECT, OTHER_REDIRECT] },
    { key: 'single', name: 'Single', client_secret: 'secret_single', redirect_uris: [REDIRECT] },
  ],
  workspaces: [{ key: 'acme', name: 'Acme', users: [{ key: 'dan', name: 'Dan', email: 'dan@acme.test' }], pages: [{ key: 'plan', title: 'Plan' }] }],
};

let ln: LocalNotion;
beforeAll(async () => {
  ln = await startEmulator({ listen: false, seed: fixture });
  // Codes expire on the emulator's clock; stopped, it makes iat exact too.
  ln.clock.freeze('2026-03-01T12:00:00.000Z');
});
afterAll(closeEmulators);

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const asClient = (body: unknown, id = CLIENT_ID, secret = SECRET) => ({ token: null, body, headers: { authorization: basic(id, secret) } });

/** GET or POST the authorization endpoint, without following the redirect. */
async function authorize(query: Record<string, string>, form?: Record<string, string | string[]>): Promise<Response> {
  const url = `${ln.url}/v1/oauth/authorize?${new URLSearchParams(query)}`;
  if (!form) return ln.fetch(url, { redirect: 'manual' });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of [v].flat()) body.append(k, value);
  return ln.fetch(`${ln.url}/v1/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

/** A code approved on the consent form by `userId` for `pages`. */
async function codeFor(userId: string, pages: string[], redirect: string | null = REDIRECT, clientId = CLIENT_ID): Promise<string> {
  const fields = { client_id: clientId, response_type: 'code', owner: 'user', state: 'xyz', user_id: userId, decision: 'approve', page: pages };
  const res = await authorize({}, redirect === null ? fields : { ...fields, redirect_uri: redirect });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('xyz');
  return location.searchParams.get('code')!;
}

const oauthError = (res: Reply, status: number, error: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error, request_id: expect.any(String) });
};
const grantError = (res: Reply, message: string) => {
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ object: 'error', status: 400, code: 'invalid_grant', message, request_id: expect.any(String) });
};

describe('the authorization page', () => {
  it('asks who approves, then which pages, and sends the code and state back', async () => {
    const first = await authorize({ client_id: CLIENT_ID, response_type: 'code', owner: 'user', redirect_uri: REDIRECT, state: 's1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    const people = await first.text();
    expect(people).toContain('Example App');
    expect(people).toContain(`value="${ln.id('ada')}"`);
    expect(people).toContain(`value="${ln.id('acme:dan')}"`);
    const second = await authorize({ client_id: CLIENT_ID, response_type: 'code', owner: 'user', redirect_uri: REDIRECT, state: 's1', user_id: ln.id('ada') });
    const consent = await second.text();
    expect(consent).toContain(`name="page" value="${ln.id('shared')}"`);
    expect(consent).not.toContain(ln.id('acme:plan'));
    expect(consent).toContain('name="decision" value="approve"');
  });

  it('sends access_denied back when the person cancels', async () => {
    const res = await authorize(
      {},
      { client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, state: 'abc', user_id: ln.id('ada'), decision: 'deny' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${REDIRECT}?error=access_denied&state=abc`);
  });

  it('refuses a decision posted from another site', async () => {
    const body = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, user_id: ln.id('ada'), decision: 'approve' });
    for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await ln.fetch(`${ln.url}/v1/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: body.toString(),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('The decision must come from the authorization page itself.');
    }
  });

  it('shows an unknown client or redirect URI on the page instead of redirecting', async () => {
    for (const query of <Record<string, string>[]>[
      { client_id: '00000000-0000-4000-8000-000000000000', response_type: 'code', redirect_uri: REDIRECT },
      { client_id: CLIENT_ID, response_type: 'code', redirect_uri: 'https://evil.example/callback' },
      { client_id: CLIENT_ID, response_type: 'code' },
    ]) {
      const res = await authorize(query);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toMatch(/Missing or invalid (client_id|redirect_uri)\./);
    }
    const wrongType = await authorize({ client_id: CLIENT_ID, response_type: 'token', redirect_uri: REDIRECT, state: 'q' });
    expect(wrongType.status).toBe(302);
    expect(wrongType.headers.get('location')).toBe(`${REDIRECT}?error=unsupported_response_type&state=q`);
  });
});

describe('POST /v1/oauth/token', () => {
  it('exchanges a code for a token that reaches the pages chosen, and nothing else', async () => {
    const code = await codeFor(ln.id('ada'), [ln.id('shared')]);
    const res = await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^ntn_/),
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^nrt_/),
      bot_id: expect.any(String),
      workspace_icon: null,
      workspace_name: 'localnotion',
      workspace_id: ln.workspaceId,
      owner: { type: 'user', user: { object: 'user', id: ln.id('ada'), name: 'Ada', avatar_url: null, type: 'person', person: { email: 'ada@example.com' } } },
      duplicated_template_id: null,
      request_id: expect.any(String),
    });
    const token = res.body.access_token;
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('shared')}`, { token })).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('kept')}`, { token })).status).toBe(404);
    const me = await call(ln, 'GET', '/v1/users/me', { token });
    expect(me.body).toMatchObject({ id: res.body.bot_id, type: 'bot', name: 'Example App', bot: { owner: { type: 'user', user: { id: ln.id('ada') } } } });
    // The code is spent.
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })),
      'Invalid code: this code has been revoked.',
    );
  });

  it('refuses a wrong or missing client authentication', async () => {
    const code = await codeFor(ln.id('ada'), []);
    const wrong = await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, CLIENT_ID, 'nope'));
    oauthError(wrong, 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="OAuth"');
    oauthError(await call(ln, 'POST', '/v1/oauth/token', { token: null, body: { grant_type: 'authorization_code', code } }), 401, 'invalid_client');
    oauthError(await call(ln, 'POST', '/v1/oauth/token', { body: { grant_type: 'authorization_code', code } }), 401, 'invalid_client');
    // Credentials in a form body are accepted as well.
    const form = await ln.fetch(`${ln.url}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT_ID, client_secret: SECRET }).toString(),
    });
    expect(form.status).toBe(200);
  });

  it('refuses an unknown grant type, a missing code, an unknown, expired or foreign code, and a mismatched redirect URI', async () => {
    oauthError(await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'client_credentials' })), 400, 'unsupported_grant_type');
    const missing = await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code' }));
    expect(missing.body).toMatchObject({ code: 'validation_error', message: 'body failed validation: body.code should be defined, instead was `undefined`.' });
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: REDIRECT })),
      'Invalid code: this code does not exist.',
    );
    const mismatched = await codeFor(ln.id('ada'), []);
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: mismatched, redirect_uri: OTHER_REDIRECT })),
      'Missing or invalid redirect_uri.',
    );
    grantError(await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: mismatched })), 'Missing or invalid redirect_uri.');
    const single = ln.id('single');
    const foreign = await codeFor(ln.id('ada'), [], null, single);
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: foreign, redirect_uri: REDIRECT })),
      'Invalid code: this code does not exist.',
    );
    // Without a redirect_uri in the authorization request, none is allowed here.
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: foreign, redirect_uri: REDIRECT }, single, 'secret_single')),
      'Missing or invalid redirect_uri.',
    );
    expect((await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: foreign }, single, 'secret_single'))).status).toBe(
      200,
    );
    const late = await codeFor(ln.id('ada'), []);
    ln.clock.advance(11 * 60 * 1000);
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: late, redirect_uri: REDIRECT })),
      'Invalid code: this code has expired.',
    );
  });

  it('refreshes: a new access token and refresh token, the old ones refused', async () => {
    const code = await codeFor(ln.id('ada'), [ln.id('shared')], OTHER_REDIRECT);
    const first = (await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code, redirect_uri: OTHER_REDIRECT }))).body;
    const second = await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.bot_id).toBe(first.bot_id);
    expect((await call(ln, 'GET', '/v1/users/me', { token: first.access_token })).status).toBe(401);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('shared')}`, { token: second.body.access_token })).status).toBe(200);
    grantError(
      await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'refresh_token', refresh_token: first.refresh_token })),
      'Invalid refresh token: this token has been revoked.',
    );
  });
});

describe('introspect and revoke', () => {
  it('tells a live token from a revoked one, and a revoked token is refused', async () => {
    const code = await codeFor(ln.id('ada'), [ln.id('shared')]);
    const { access_token: token } = (await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })))
      .body;
    const live = await call(ln, 'POST', '/v1/oauth/introspect', asClient({ token }));
    expect(live.body).toEqual({
      active: true,
      scope: 'read_content insert_content update_content read_comments insert_comments read_user_with_email read_user_without_email',
      iat: ln.clock.now().getTime(),
      request_id: expect.any(String),
    });
    // Another client's token, or an internal integration's, is not active for this client.
    expect((await call(ln, 'POST', '/v1/oauth/introspect', asClient({ token: ln.token }))).body).toEqual({ active: false, request_id: expect.any(String) });
    oauthError(await call(ln, 'POST', '/v1/oauth/introspect', asClient({ token }, CLIENT_ID, 'wrong')), 401, 'invalid_client');
    const revoked = await call(ln, 'POST', '/v1/oauth/revoke', asClient({ token }));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ request_id: expect.any(String) });
    expect((await call(ln, 'POST', '/v1/oauth/introspect', asClient({ token }))).body.active).toBe(false);
    const refused = await call(ln, 'GET', '/v1/users/me', { token });
    expect(refused.body).toMatchObject({ status: 401, code: 'unauthorized', message: 'API token is invalid.' });
  });
});

describe('one public integration in two workspaces', () => {
  it('gets a token for each, and each sees its own workspace only', async () => {
    const inFirst = await codeFor(ln.id('ada'), [ln.id('shared')]);
    const inAcme = await codeFor(ln.id('acme:dan'), [ln.id('acme:plan')]);
    const a = (await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: inFirst, redirect_uri: REDIRECT }))).body;
    const b = (await call(ln, 'POST', '/v1/oauth/token', asClient({ grant_type: 'authorization_code', code: inAcme, redirect_uri: REDIRECT }))).body;
    expect(b).toMatchObject({ workspace_name: 'Acme', workspace_id: ln.id('acme'), owner: { user: { id: ln.id('acme:dan') } } });
    expect(a.bot_id).not.toBe(b.bot_id);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('acme:plan')}`, { token: b.access_token })).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('acme:plan')}`, { token: a.access_token })).status).toBe(404);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('shared')}`, { token: b.access_token })).status).toBe(404);
    const app = await call(ln, 'GET', `/__localnotion/public-integrations/${CLIENT_ID}`);
    expect(app.body.installations.map((i: any) => i.workspace_id)).toEqual(expect.arrayContaining([ln.workspaceId, ln.id('acme')]));
  });
});
