// /v1/users (spec 3.7, 4.6): the calling bot, the workspace's people and bots, pagination by
// user id, and users of other workspaces kept out of sight.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/workspace.js';
import { secondIntegration } from '../helpers/integrations.js';
import { botUser, notFound, ownBot, ownerUser, personUser, wholeList } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

/** A second workspace with one person and one integration of its own. */
async function otherWorkspace() {
  const workspaceId = randomUUID();
  await server.ctx.store.db.insertInto('workspaces').values({ id: workspaceId, name: 'Elsewhere', created_time: new Date().toISOString() }).execute();
  const personId = await createPerson(server.ctx, workspaceId, 'Stranger', 'stranger@elsewhere.test');
  const integration = await secondIntegration(server, { name: 'Elsewhere Bot', workspaceId });
  return { workspaceId, personId, ...integration };
}

describe('GET /v1/users/me', () => {
  it('is the calling bot with its owner, workspace and limits', async () => {
    const res = await server.request('GET', '/v1/users/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...botUser(server.info.botId, 'localnotion', ownBot(server)), request_id: expect.any(String) });
    expect(res.headers['x-notion-request-id']).toBe(res.body.request_id);
  });

  it('answers for the integration whose token is used', async () => {
    const second = await secondIntegration(server);
    const res = await server.request('GET', '/v1/users/me', { token: second.token });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(second.botId);
    expect(res.body.name).toBe('Second Bot');
    expect(res.body.bot.workspace_id).toBe(server.info.workspaceId);
  });
});

describe('GET /v1/users', () => {
  it('lists the workspace people and bots in the user list envelope', async () => {
    const ada = await createPerson(server.ctx, server.info.workspaceId, 'Ada Lovelace', 'ada@example.org');
    const second = await secondIntegration(server);
    const res = await server.request('GET', '/v1/users');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(wholeList('user', expect.any(String)));
    const byId = new Map(res.body.results.map((u: { id: string }) => [u.id, u]));
    expect(byId.size).toBe(4);
    expect(byId.get(server.info.ownerId)).toEqual(ownerUser(server));
    expect(byId.get(ada)).toEqual(personUser(ada, 'Ada Lovelace', { email: 'ada@example.org' }));
    expect(byId.get(second.botId)).toEqual(botUser(second.botId, 'Second Bot'));
    expect(byId.get(server.info.botId)).toMatchObject({ object: 'user', id: server.info.botId, name: 'localnotion', type: 'bot' });
  });

  it('pages through every user exactly once', async () => {
    const people: string[] = [];
    for (let i = 0; i < 7; i++) people.push(await createPerson(server.ctx, server.info.workspaceId, `Person ${i}`, `person${i}@example.org`));
    const expected = [server.info.ownerId, server.info.botId, ...people].sort();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?page_size=2&start_cursor=${cursor}` : '?page_size=2';
      const res = await server.request('GET', `/v1/users${query}`);
      expect(res.status).toBe(200);
      pages += 1;
      expect(res.body.results.length).toBeLessThanOrEqual(2);
      expect(res.body.has_more).toBe(res.body.next_cursor !== null);
      seen.push(...res.body.results.map((u: { id: string }) => u.id));
      cursor = res.body.next_cursor;
      if (cursor !== null) expect(typeof cursor).toBe('string');
    } while (cursor !== null && pages < 20);

    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect([...seen].sort()).toEqual(expected);
    expect(new Set(seen).size).toBe(9);
  });

  it('returns one page when page_size covers everyone, and reads page_size 0 as the default', async () => {
    for (let i = 0; i < 3; i++) await createPerson(server.ctx, server.info.workspaceId, `Person ${i}`, `p${i}@example.org`);
    const exact = await server.request('GET', '/v1/users?page_size=5');
    expect(exact.body.results).toHaveLength(5);
    expect(exact.body.has_more).toBe(false);
    expect(exact.body.next_cursor).toBeNull();
    const zero = await server.request('GET', '/v1/users?page_size=0');
    expect(zero.body.results).toHaveLength(5);
  });

  it('refuses a cursor it did not hand out', async () => {
    for (const cursor of ['bogus', randomUUID()]) {
      const res = await server.request('GET', `/v1/users?start_cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        object: 'error',
        status: 400,
        code: 'validation_error',
        message: `The start_cursor provided is invalid: ${cursor}`,
        request_id: expect.any(String),
      });
    }
  });

  it('refuses a page_size over 100', async () => {
    const res = await server.request('GET', '/v1/users?page_size=101');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toBe('query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.');
  });

  it('leaves out users of other workspaces', async () => {
    const elsewhere = await otherWorkspace();
    const res = await server.request('GET', '/v1/users');
    const ids = res.body.results.map((u: { id: string }) => u.id);
    expect(ids).not.toContain(elsewhere.personId);
    expect(ids).not.toContain(elsewhere.botId);
    expect(ids.sort()).toEqual([server.info.ownerId, server.info.botId].sort());

    // And the other workspace's integration sees only its own.
    const theirs = await server.request('GET', '/v1/users', { token: elsewhere.token });
    expect(theirs.body.results.map((u: { id: string }) => u.id).sort()).toEqual([elsewhere.personId, elsewhere.botId].sort());
  });

  it("refuses another workspace's user id as a cursor", async () => {
    const elsewhere = await otherWorkspace();
    const res = await server.request('GET', `/v1/users?start_cursor=${elsewhere.personId}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toBe(`The start_cursor provided is invalid: ${elsewhere.personId}`);
  });
});

describe('GET /v1/users/{user_id}', () => {
  it('retrieves a person', async () => {
    const ada = await createPerson(server.ctx, server.info.workspaceId, 'Ada Lovelace', 'ada@example.org');
    const res = await server.request('GET', `/v1/users/${ada}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...personUser(ada, 'Ada Lovelace', { email: 'ada@example.org' }), request_id: expect.any(String) });
  });

  it('retrieves a bot', async () => {
    const second = await secondIntegration(server);
    const res = await server.request('GET', `/v1/users/${second.botId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...botUser(second.botId, 'Second Bot'), request_id: expect.any(String) });
  });

  it('accepts an id without dashes', async () => {
    const res = await server.request('GET', `/v1/users/${server.info.ownerId.replaceAll('-', '')}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(server.info.ownerId);
  });

  it('is 404 for an unknown id', async () => {
    const missing = randomUUID();
    const res = await server.request('GET', `/v1/users/${missing}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      object: 'error',
      status: 404,
      code: 'object_not_found',
      message: notFound('user', missing),
      additional_data: { integration_id: server.info.botId },
      request_id: expect.any(String),
    });
  });

  it('is 404 for a user of another workspace', async () => {
    const elsewhere = await otherWorkspace();
    for (const id of [elsewhere.personId, elsewhere.botId]) {
      const res = await server.request('GET', `/v1/users/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('object_not_found');
      expect(res.body.message).toBe(notFound('user', id));
    }
  });

  it('is a path validation error for an id that is not a uuid', async () => {
    const res = await server.request('GET', '/v1/users/not-an-id');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toBe('path failed validation: path.user_id should be a valid uuid, instead was `"not-an-id"`.');
  });
});
