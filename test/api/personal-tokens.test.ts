// Personal access tokens and several workspaces: a token acts as its person, with what that
// person sees, and nothing crosses from one workspace to another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

const PAT = 'ntn_ada_personal_token';

const fixture: Fixture = {
  users: [
    { key: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' },
    { key: 'bob', name: 'Bob', email: 'bob@example.com' },
    { key: 'carol', name: 'Carol', email: 'carol@example.com', pages: ['team'] },
  ],
  pages: [
    { key: 'team', title: 'Team wiki', children: [{ paragraph: { rich_text: [{ text: { content: 'hello' } }] } }] },
    { key: 'ada_notes', title: 'Ada notes', private_to: 'ada' },
    { key: 'bob_notes', title: 'Bob notes', private_to: 'bob' },
    { key: 'bot_only', title: 'Bot only', private_to: 'bob' },
    { key: 'archive', title: 'Archive' },
  ],
  integrations: [{ key: 'sync', name: 'Sync', pages: ['bot_only'] }],
  personal_tokens: [
    { key: 'ada_pat', user: 'ada', name: 'Ada script', token: PAT },
    { key: 'carol_pat', user: 'carol' },
  ],
  workspaces: [
    {
      key: 'acme',
      name: 'Acme',
      icon: '🚀',
      users: [{ key: 'dan', name: 'Dan', email: 'dan@acme.test' }],
      pages: [{ key: 'plan', title: 'Acme plan' }],
      personal_tokens: [{ key: 'dan_pat', user: 'dan' }],
    },
  ],
};

let ln: LocalNotion;
beforeAll(async () => {
  ln = await startEmulator({ listen: false, seed: fixture });
});
afterAll(closeEmulators);

const notFound = (res: { status: number; body: any }, id: string) => {
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ object: 'error', code: 'object_not_found' });
  expect(res.body.message).toContain(id);
};

describe('a personal access token', () => {
  it('reads its person’s private page, the workspace’s pages and not what only others or bots see', async () => {
    const own = await call(ln, 'GET', `/v1/pages/${ln.id('ada_notes')}`, { token: PAT });
    expect(own.status).toBe(200);
    expect(own.body.properties.title.title[0].plain_text).toBe('Ada notes');
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('team')}`, { token: PAT })).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/blocks/${ln.id('team')}/children`, { token: PAT })).body.results).toHaveLength(1);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token: PAT })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${ln.id('bob_notes')}`, { token: PAT }), ln.id('bob_notes'));
    notFound(await call(ln, 'GET', `/v1/pages/${ln.id('bot_only')}`, { token: PAT }), ln.id('bot_only'));
    // The integration the page was shared with reads it.
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('bot_only')}`, { token: ln.tokens.sync })).status).toBe(200);
  });

  it('finds in search what its person sees, and nothing else', async () => {
    const res = await call(ln, 'POST', '/v1/search', { token: PAT, body: { filter: { property: 'object', value: 'page' } } });
    expect(res.status).toBe(200);
    const titles = res.body.results.map((p: any) => p.properties.title.title[0].plain_text).sort();
    expect(titles).toEqual(['Ada notes', 'Archive', 'Getting started', 'Team wiki']);
  });

  it('is its own bot, owned by its person, in /v1/users/me', async () => {
    const me = await call(ln, 'GET', '/v1/users/me', { token: PAT });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      object: 'user',
      id: expect.any(String),
      type: 'bot',
      name: 'Ada script',
      bot: {
        owner: { type: 'user', user: { object: 'user', id: ln.id('ada'), name: 'Ada Lovelace', type: 'person', person: { email: 'ada@example.com' } } },
        workspace_name: 'localnotion',
      },
    });
    expect(me.body.id).not.toBe(ln.id('ada'));
  });

  it('cannot list the workspace’s users, but can retrieve one', async () => {
    const list = await call(ln, 'GET', '/v1/users', { token: PAT });
    expect(list.status).toBe(403);
    expect(list.body).toMatchObject({ object: 'error', code: 'restricted_resource', message: 'Insufficient permissions for this endpoint.' });
    expect((await call(ln, 'GET', `/v1/users/${ln.id('bob')}`, { token: PAT })).body).toMatchObject({ id: ln.id('bob'), name: 'Bob' });
  });

  it('creates a top-level page in its person’s private pages, which the default integration does not see', async () => {
    const made = await call(ln, 'POST', '/v1/pages', {
      token: PAT,
      body: { parent: { workspace: true }, properties: { title: { title: [{ text: { content: 'Scratch' } }] } } },
    });
    expect(made.status).toBe(200);
    expect(made.body.parent).toEqual({ type: 'workspace', workspace: true });
    expect(made.body.created_by.id).toBe((await call(ln, 'GET', '/v1/users/me', { token: PAT })).body.id);
    expect((await call(ln, 'GET', `/v1/pages/${made.body.id}`, { token: PAT })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${made.body.id}`), made.body.id);
    notFound(await call(ln, 'GET', `/v1/pages/${made.body.id}`, { token: ln.tokens.carol_pat }), made.body.id);
  });

  it('of a restricted member sees the pages given to that member only', async () => {
    const token = ln.tokens.carol_pat!;
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('team')}`, { token })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${ln.id('archive')}`, { token }), ln.id('archive'));
    notFound(await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token }), ln.rootPageId);
    // Given the whole workspace again through the control API, she sees the archive.
    const opened = await call(ln, 'PUT', `/__localnotion/users/${ln.id('carol')}/pages`, { body: { pages: null } });
    expect(opened.body).toEqual({ object: 'member', user_id: ln.id('carol'), pages: null, guest: false });
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('archive')}`, { token })).status).toBe(200);
  });

  it('is listed with its person, made and revoked through the control API', async () => {
    const listed = await call(ln, 'GET', `/__localnotion/users/${ln.id('ada')}/personal-tokens`);
    expect(listed.body.results).toEqual([expect.objectContaining({ name: 'Ada script', token: PAT, user_id: ln.id('ada'), workspace_id: ln.workspaceId })]);
    const made = await call(ln, 'POST', `/__localnotion/users/${ln.id('bob')}/personal-tokens`, { body: { name: 'Bob CLI' } });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ object: 'personal_token', name: 'Bob CLI', user_id: ln.id('bob') });
    expect(made.body.token).toMatch(/^ntn_[A-Za-z0-9_-]{20,}$/);
    expect((await call(ln, 'GET', `/v1/pages/${ln.id('bob_notes')}`, { token: made.body.token })).status).toBe(200);
    // Not an integration: the integrations list leaves it out.
    const integrations = await call(ln, 'GET', '/__localnotion/integrations');
    expect(integrations.body.results.map((i: any) => i.id)).not.toContain(made.body.id);
    expect((await call(ln, 'DELETE', `/__localnotion/personal-tokens/${made.body.id}`)).body).toEqual({
      object: 'personal_token',
      id: made.body.id,
      deleted: true,
    });
    const refused = await call(ln, 'GET', '/v1/users/me', { token: made.body.token });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'unauthorized', message: 'API token is invalid.' });
    // A bot has no personal tokens; an unknown token id is a 404.
    const botId = integrations.body.results.find((i: any) => i.id === ln.id('sync')).bot_id;
    const forBot = await call(ln, 'POST', `/__localnotion/users/${botId}/personal-tokens`, { body: {} });
    expect(forBot.body).toMatchObject({ status: 404, message: `No person with id ${botId}.` });
    expect((await call(ln, 'DELETE', `/__localnotion/personal-tokens/${made.body.id}`)).status).toBe(404);
  });
});

describe('several workspaces', () => {
  it('keep their pages, users and search apart', async () => {
    const plan = ln.id('acme:plan');
    notFound(await call(ln, 'GET', `/v1/pages/${plan}`), plan);
    notFound(await call(ln, 'GET', `/v1/pages/${plan}`, { token: PAT }), plan);
    const acme = ln.tokens.acme!;
    expect((await call(ln, 'GET', `/v1/pages/${plan}`, { token: acme })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token: acme }), ln.rootPageId);
    const me = await call(ln, 'GET', '/v1/users/me', { token: acme });
    expect(me.body.bot).toMatchObject({ workspace_name: 'Acme', workspace_id: ln.id('acme') });
    const users = (await call(ln, 'GET', '/v1/users', { token: acme })).body.results.map((u: any) => u.name);
    expect(users).toContain('Dan');
    expect(users).not.toContain('Ada Lovelace');
    expect((await call(ln, 'GET', `/v1/users/${ln.id('ada')}`, { token: acme })).status).toBe(404);
    const found = await call(ln, 'POST', '/v1/search', { body: { query: 'plan' } });
    expect(found.body.results).toEqual([]);
    // Dan's token sees his workspace's pages only.
    const dan = ln.tokens['acme:dan_pat']!;
    expect((await call(ln, 'GET', `/v1/pages/${plan}`, { token: dan })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${ln.id('team')}`, { token: dan }), ln.id('team'));
  });

  it('are listed and made through the control API; pages are shared within their workspace only', async () => {
    const list = await call(ln, 'GET', '/__localnotion/workspaces');
    expect(list.body.results.map((w: any) => [w.name, w.icon])).toEqual([
      ['localnotion', null],
      ['Acme', '🚀'],
    ]);
    const made = await call(ln, 'POST', '/__localnotion/workspaces', { body: { name: 'Globex' } });
    expect(made.body).toMatchObject({ object: 'workspace', name: 'Globex', integration: { token: expect.stringMatching(/^ntn_/) } });
    const globex = made.body.integration.token;
    expect((await call(ln, 'GET', `/v1/pages/${made.body.root_page_id}`, { token: globex })).status).toBe(200);
    notFound(await call(ln, 'GET', `/v1/pages/${made.body.root_page_id}`), made.body.root_page_id);
    const shared = await call(ln, 'POST', `/__localnotion/integrations/${made.body.integration.id}/pages`, { body: { page_id: ln.id('team') } });
    expect(shared.status).toBe(404);
    const person = await call(ln, 'POST', `/__localnotion/workspaces/${made.body.id}/users`, { body: { name: 'Eve' } });
    expect((await call(ln, 'GET', `/v1/users/${person.body.id}`, { token: globex })).body).toMatchObject({ name: 'Eve', type: 'person' });
    expect((await call(ln, 'GET', `/v1/users/${person.body.id}`)).status).toBe(404);
  });
});
