// Integrations, sharing and capabilities (spec 2.2, 2.3, 3.7, 4.6, 1.3): what an integration
// was not given is 404, a missing capability is 403, and read-less integrations see partial objects.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botUser, notFound, ownBot, ownerUser, UUID } from '../helpers/builders.js';
import type { Capabilities } from '../../src/services/access.js';
import { secondIntegration } from '../helpers/integrations.js';
import { startTestServer, type TestResponse, type TestServer } from '../helpers/server.js';

const INSUFFICIENT = 'Insufficient permissions for this endpoint.';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

const paragraph = (content: string) => ({
  object: 'block',
  type: 'paragraph',
  paragraph: { rich_text: [{ type: 'text', text: { content } }] },
});

const titleOf = (content: string) => ({ title: { title: [{ text: { content } }] } });

/** A page under `parentId`, created by the default integration, with optional content. */
async function page(parentId: string, title: string, children: unknown[] = []): Promise<string> {
  const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: titleOf(title), children } });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

async function firstChild(pageId: string): Promise<string> {
  const res = await server.request('GET', `/v1/blocks/${pageId}/children`);
  expect(res.status).toBe(200);
  return res.body.results[0].id as string;
}

function expectNotFound(res: TestResponse, kind: string, id: string, integrationName: string): void {
  expect(res.status).toBe(404);
  expect(res.body).toEqual({
    object: 'error',
    status: 404,
    code: 'object_not_found',
    message: notFound(kind, id, integrationName),
    additional_data: { integration_id: expect.stringMatching(UUID) },
    request_id: expect.any(String),
  });
}

function expectForbidden(res: TestResponse): void {
  expect(res.status).toBe(403);
  expect(res.body).toEqual({ object: 'error', status: 403, code: 'restricted_resource', message: INSUFFICIENT, request_id: expect.any(String) });
}

describe('pages an integration was not given', () => {
  it('are 404 naming the object kind and the integration', async () => {
    const other = await secondIntegration(server);
    const root = server.info.rootPageId;
    const opts = { token: other.token };
    expectNotFound(await server.request('GET', `/v1/pages/${root}`, opts), 'page', root, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/pages/${root}/properties/title`, opts), 'page', root, 'Second Bot');
    expectNotFound(await server.request('PATCH', `/v1/pages/${root}`, { ...opts, body: { properties: titleOf('x') } }), 'page', root, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${root}`, opts), 'block', root, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${root}/children`, opts), 'block', root, 'Second Bot');
    expectNotFound(
      await server.request('PATCH', `/v1/blocks/${root}/children`, { ...opts, body: { children: [paragraph('x')] } }),
      'block',
      root,
      'Second Bot',
    );
    expectNotFound(await server.request('DELETE', `/v1/blocks/${root}`, opts), 'block', root, 'Second Bot');
    expectNotFound(
      await server.request('POST', '/v1/pages', { ...opts, body: { parent: { page_id: root }, properties: titleOf('x') } }),
      'page',
      root,
      'Second Bot',
    );
    // Nothing changed behind the refusals.
    const rootPage = await server.request('GET', `/v1/pages/${root}`);
    expect(rootPage.body.properties.title.title[0].plain_text).toBe('Getting started');
    expect(rootPage.body.in_trash).toBe(false);
    expect((await server.request('GET', `/v1/blocks/${root}/children`)).body.results).toEqual([]);
  });

  it('look exactly like ids that do not exist', async () => {
    const other = await secondIntegration(server);
    const missing = randomUUID();
    expectNotFound(await server.request('GET', `/v1/pages/${missing}`, { token: other.token }), 'page', missing, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${missing}`, { token: other.token }), 'block', missing, 'Second Bot');
    // The default integration names itself too.
    expectNotFound(await server.request('GET', `/v1/pages/${missing}`), 'page', missing, 'localnotion');
  });

  it('include a sibling of a shared page', async () => {
    const shared = await page(server.info.rootPageId, 'Shared');
    const sibling = await page(server.info.rootPageId, 'Not shared', [paragraph('secret')]);
    const secret = await firstChild(sibling);
    const other = await secondIntegration(server, { pages: [shared] });

    expect((await server.request('GET', `/v1/pages/${shared}`, { token: other.token })).status).toBe(200);
    expectNotFound(await server.request('GET', `/v1/pages/${sibling}`, { token: other.token }), 'page', sibling, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${secret}`, { token: other.token }), 'block', secret, 'Second Bot');
    // The parent of a shared page is not shared by it.
    const root = server.info.rootPageId;
    expectNotFound(await server.request('GET', `/v1/pages/${root}`, { token: other.token }), 'page', root, 'Second Bot');
  });
});

describe('sharing a page', () => {
  it('gives its child pages and blocks, at any depth', async () => {
    const shared = await page(server.info.rootPageId, 'Shared', [paragraph('top')]);
    const topBlock = await firstChild(shared);
    const child = await page(shared, 'Child', [
      { object: 'block', type: 'toggle', toggle: { rich_text: [{ text: { content: 'Toggle' } }], children: [paragraph('nested')] } },
    ]);
    const toggle = await firstChild(child);
    const nested = await firstChild(toggle);
    const grandchild = await page(child, 'Grandchild');

    const other = await secondIntegration(server, { pages: [shared] });
    const opts = { token: other.token };

    const childPage = await server.request('GET', `/v1/pages/${child}`, opts);
    expect(childPage.status).toBe(200);
    expect(childPage.body.properties.title.title[0].plain_text).toBe('Child');
    expect((await server.request('GET', `/v1/pages/${grandchild}`, opts)).body.id).toBe(grandchild);
    expect((await server.request('GET', `/v1/blocks/${topBlock}`, opts)).body.paragraph.rich_text[0].plain_text).toBe('top');
    expect((await server.request('GET', `/v1/blocks/${nested}`, opts)).body.paragraph.rich_text[0].plain_text).toBe('nested');
    const children = await server.request('GET', `/v1/blocks/${toggle}/children`, opts);
    expect(children.body.results.map((b: { id: string }) => b.id)).toEqual([nested]);

    // Writes reach below the shared page too.
    const created = await server.request('POST', '/v1/pages', { ...opts, body: { parent: { page_id: grandchild }, properties: titleOf('By Second Bot') } });
    expect(created.status).toBe(200);
    expect(created.body.created_by).toEqual({ object: 'user', id: other.botId });
    const appended = await server.request('PATCH', `/v1/blocks/${toggle}/children`, { ...opts, body: { children: [paragraph('more')] } });
    expect(appended.status).toBe(200);
    expect(appended.body.results).toHaveLength(1);
    const updated = await server.request('PATCH', `/v1/blocks/${nested}`, { ...opts, body: { paragraph: { rich_text: [{ text: { content: 'edited' } }] } } });
    expect(updated.status).toBe(200);
    expect(updated.body.last_edited_by).toEqual({ object: 'user', id: other.botId });
    // And the page it created is one it can read back.
    expect((await server.request('GET', `/v1/pages/${created.body.id}`, opts)).status).toBe(200);
  });

  it('is undone by unsharing', async () => {
    const shared = await page(server.info.rootPageId, 'Shared', [paragraph('top')]);
    const topBlock = await firstChild(shared);
    const child = await page(shared, 'Child');
    const other = await secondIntegration(server, { pages: [shared] });
    const opts = { token: other.token };
    expect((await server.request('GET', `/v1/pages/${child}`, opts)).status).toBe(200);

    await other.unshare(shared);
    expectNotFound(await server.request('GET', `/v1/pages/${shared}`, opts), 'page', shared, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/pages/${child}`, opts), 'page', child, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${topBlock}`, opts), 'block', topBlock, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${shared}/children`, opts), 'block', shared, 'Second Bot');
    // The owner's integration is unaffected.
    expect((await server.request('GET', `/v1/pages/${child}`)).status).toBe(200);
  });

  it('of a child page alone keeps the rest of the parent out of reach', async () => {
    const parent = await page(server.info.rootPageId, 'Parent', [paragraph('parent text')]);
    const parentBlock = await firstChild(parent);
    const child = await page(parent, 'Child');
    const other = await secondIntegration(server, { pages: [child] });
    expect((await server.request('GET', `/v1/pages/${child}`, { token: other.token })).status).toBe(200);
    expectNotFound(await server.request('GET', `/v1/pages/${parent}`, { token: other.token }), 'page', parent, 'Second Bot');
    expectNotFound(await server.request('GET', `/v1/blocks/${parentBlock}`, { token: other.token }), 'block', parentBlock, 'Second Bot');
  });
});

describe('content capabilities', () => {
  /** A shared page with a paragraph, and an integration given it with `capabilities`. */
  async function setup(capabilities: Partial<Capabilities>) {
    const shared = await page(server.info.rootPageId, 'Shared', [paragraph('text')]);
    const block = await firstChild(shared);
    const limited = await secondIntegration(server, { name: 'Limited', capabilities, pages: [shared] });
    return { shared, block, token: limited.token };
  }

  it('read content is needed to retrieve pages, blocks, children and property items', async () => {
    const { shared, block, token } = await setup({ read_content: false });
    expectForbidden(await server.request('GET', `/v1/pages/${shared}`, { token }));
    expectForbidden(await server.request('GET', `/v1/pages/${shared}/properties/title`, { token }));
    expectForbidden(await server.request('GET', `/v1/blocks/${block}`, { token }));
    expectForbidden(await server.request('GET', `/v1/blocks/${shared}`, { token }));
    expectForbidden(await server.request('GET', `/v1/blocks/${shared}/children`, { token }));
  });

  it('update content is needed to update a page, update a block and delete a block', async () => {
    const { shared, block, token } = await setup({ update_content: false });
    expectForbidden(await server.request('PATCH', `/v1/pages/${shared}`, { token, body: { properties: titleOf('Renamed') } }));
    expectForbidden(await server.request('PATCH', `/v1/pages/${shared}`, { token, body: { in_trash: true } }));
    expectForbidden(await server.request('PATCH', `/v1/blocks/${block}`, { token, body: { paragraph: { rich_text: [{ text: { content: 'no' } }] } } }));
    expectForbidden(await server.request('DELETE', `/v1/blocks/${block}`, { token }));
    expectForbidden(await server.request('DELETE', `/v1/blocks/${shared}`, { token }));

    // Nothing was written.
    const page = await server.request('GET', `/v1/pages/${shared}`);
    expect(page.body.properties.title.title[0].plain_text).toBe('Shared');
    expect(page.body.in_trash).toBe(false);
    const stored = await server.request('GET', `/v1/blocks/${block}`);
    expect(stored.body.paragraph.rich_text[0].plain_text).toBe('text');
    expect(stored.body.in_trash).toBe(false);
    // Reading and inserting are still allowed.
    expect((await server.request('GET', `/v1/pages/${shared}`, { token })).status).toBe(200);
    expect((await server.request('PATCH', `/v1/blocks/${shared}/children`, { token, body: { children: [paragraph('added')] } })).status).toBe(200);
  });

  it('insert content is needed to create a page and append children', async () => {
    const { shared, block, token } = await setup({ insert_content: false });
    expectForbidden(await server.request('POST', '/v1/pages', { token, body: { parent: { page_id: shared }, properties: titleOf('New') } }));
    expectForbidden(await server.request('PATCH', `/v1/blocks/${shared}/children`, { token, body: { children: [paragraph('added')] } }));

    const children = await server.request('GET', `/v1/blocks/${shared}/children`);
    expect(children.body.results.map((b: { id: string }) => b.id)).toEqual([block]);
    // Updating is still allowed.
    const renamed = await server.request('PATCH', `/v1/pages/${shared}`, { token, body: { properties: titleOf('Renamed') } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.properties.title.title[0].plain_text).toBe('Renamed');
  });

  it('are checked before the object is looked up: 403 comes before 404', async () => {
    const missing = randomUUID();
    const root = server.info.rootPageId;
    // None of these integrations was given anything.
    const noRead = (await secondIntegration(server, { name: 'No Read', capabilities: { read_content: false } })).token;
    const noUpdate = (await secondIntegration(server, { name: 'No Update', capabilities: { update_content: false } })).token;
    const noInsert = (await secondIntegration(server, { name: 'No Insert', capabilities: { insert_content: false } })).token;
    for (const id of [missing, root]) {
      expectForbidden(await server.request('GET', `/v1/pages/${id}`, { token: noRead }));
      expectForbidden(await server.request('GET', `/v1/pages/${id}/properties/title`, { token: noRead }));
      expectForbidden(await server.request('GET', `/v1/blocks/${id}`, { token: noRead }));
      expectForbidden(await server.request('GET', `/v1/blocks/${id}/children`, { token: noRead }));
      expectForbidden(await server.request('PATCH', `/v1/pages/${id}`, { token: noUpdate, body: { properties: titleOf('x') } }));
      expectForbidden(await server.request('PATCH', `/v1/blocks/${id}`, { token: noUpdate, body: { paragraph: { rich_text: [] } } }));
      expectForbidden(await server.request('DELETE', `/v1/blocks/${id}`, { token: noUpdate }));
      expectForbidden(await server.request('POST', '/v1/pages', { token: noInsert, body: { parent: { page_id: id }, properties: titleOf('x') } }));
      expectForbidden(await server.request('PATCH', `/v1/blocks/${id}/children`, { token: noInsert, body: { children: [paragraph('x')] } }));
    }
  });

  it('an insert-only integration gets partial objects back from its writes', async () => {
    const { shared, token } = await setup({ read_content: false, update_content: false, insert_content: true });
    const created = await server.request('POST', '/v1/pages', {
      token,
      body: { parent: { page_id: shared }, properties: titleOf('Written blind'), children: [paragraph('inside')] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ object: 'page', id: expect.any(String), request_id: expect.any(String) });

    const appended = await server.request('PATCH', `/v1/blocks/${shared}/children`, { token, body: { children: [paragraph('one'), paragraph('two')] } });
    expect(appended.status).toBe(200);
    expect(appended.body.object).toBe('list');
    expect(appended.body.results).toEqual([
      { object: 'block', id: expect.any(String) },
      { object: 'block', id: expect.any(String) },
    ]);

    // The writes happened: the owner's integration reads them in full.
    const page = await server.request('GET', `/v1/pages/${created.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body.properties.title.title[0].plain_text).toBe('Written blind');
    expect(page.body.parent).toEqual({ type: 'page_id', page_id: shared });
    const content = await server.request('GET', `/v1/blocks/${created.body.id}/children`);
    expect(content.body.results.map((b: { paragraph: { rich_text: { plain_text: string }[] } }) => b.paragraph.rich_text[0]!.plain_text)).toEqual(['inside']);
    const children = await server.request('GET', `/v1/blocks/${shared}/children`);
    const ids = children.body.results.map((b: { id: string }) => b.id);
    expect(ids.slice(-2)).toEqual(appended.body.results.map((b: { id: string }) => b.id));
  });
});

describe('user information capability', () => {
  it('none: listing and retrieving users is 403, /users/me still answers', async () => {
    const blind = await secondIntegration(server, { name: 'No Users', capabilities: { user_information: 'none' } });
    const opts = { token: blind.token };
    expectForbidden(await server.request('GET', '/v1/users', opts));
    expectForbidden(await server.request('GET', `/v1/users/${server.info.ownerId}`, opts));
    // The capability is checked before the lookup.
    expectForbidden(await server.request('GET', `/v1/users/${randomUUID()}`, opts));

    const me = await server.request('GET', '/v1/users/me', opts);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ ...botUser(blind.botId, 'No Users', ownBot(server)), request_id: expect.any(String) });
  });

  it('without email: a person has an empty person object', async () => {
    const noEmail = await secondIntegration(server, { name: 'No Email', capabilities: { user_information: 'without_email' } });
    const res = await server.request('GET', `/v1/users/${server.info.ownerId}`, { token: noEmail.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...ownerUser(server, {}), request_id: expect.any(String) });
    const list = await server.request('GET', '/v1/users', { token: noEmail.token });
    expect(list.status).toBe(200);
    const owner = list.body.results.find((u: { id: string }) => u.id === server.info.ownerId);
    expect(owner.person).toEqual({});
  });

  it('with email: a person carries person.email', async () => {
    const withEmail = await secondIntegration(server, { name: 'With Email', capabilities: { user_information: 'with_email' } });
    const res = await server.request('GET', `/v1/users/${server.info.ownerId}`, { token: withEmail.token });
    expect(res.status).toBe(200);
    expect(res.body.person).toEqual({ email: 'owner@localnotion.test' });
    const list = await server.request('GET', '/v1/users', { token: withEmail.token });
    const owner = list.body.results.find((u: { id: string }) => u.id === server.info.ownerId);
    expect(owner.person).toEqual({ email: 'owner@localnotion.test' });
  });
});

describe('workspace-level pages', () => {
  it('a public integration may create one, and reads it afterwards', async () => {
    const pub = await secondIntegration(server, { name: 'Public App', kind: 'public' });
    const created = await server.request('POST', '/v1/pages', {
      token: pub.token,
      body: { parent: { type: 'workspace', workspace: true }, properties: titleOf('Private notes'), children: [paragraph('mine')] },
    });
    expect(created.status).toBe(200);
    expect(created.body.parent).toEqual({ type: 'workspace', workspace: true });
    expect(created.body.created_by).toEqual({ object: 'user', id: pub.botId });

    const read = await server.request('GET', `/v1/pages/${created.body.id}`, { token: pub.token });
    expect(read.status).toBe(200);
    expect(read.body.properties.title.title[0].plain_text).toBe('Private notes');
    const children = await server.request('GET', `/v1/blocks/${created.body.id}/children`, { token: pub.token });
    expect(children.body.results).toHaveLength(1);

    // It lands in the user's private section: other integrations were not given it.
    expectNotFound(await server.request('GET', `/v1/pages/${created.body.id}`), 'page', created.body.id, 'localnotion');
    // Nor was the public integration given the workspace's other pages.
    const root = server.info.rootPageId;
    expectNotFound(await server.request('GET', `/v1/pages/${root}`, { token: pub.token }), 'page', root, 'Public App');
  });

  it("a public integration's bot is owned by the user who authorised it", async () => {
    const pub = await secondIntegration(server, { name: 'Public App', kind: 'public' });
    const me = await server.request('GET', '/v1/users/me', { token: pub.token });
    expect(me.status).toBe(200);
    expect(me.body.type).toBe('bot');
    expect(me.body.bot.owner).toEqual({ type: 'user', user: ownerUser(server) });
    expect(me.body.bot.workspace_id).toBe(server.info.workspaceId);
  });

  it('an internal integration gets a validation error', async () => {
    const before = await server.ctx.store.db
      .selectFrom('blocks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const parent of [{ workspace: true }, { type: 'workspace', workspace: true }]) {
      const res = await server.request('POST', '/v1/pages', { body: { parent, properties: titleOf('Top level') } });
      expect(res.status).toBe(400);
      expect(res.body.object).toBe('error');
      expect(res.body.code).toBe('validation_error');
      expect(res.body.message).toMatch(/workspace-level/);
    }
    const after = await server.ctx.store.db
      .selectFrom('blocks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
