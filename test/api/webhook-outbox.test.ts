// The outbox: every acknowledged write leaves its events in the write's transaction; a refused
// or rolled-back write leaves none.
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookWorker } from '../../src/webhooks/install.js';
import { createSubscription } from '../../src/webhooks/subscriptions.js';
import { webhookDb } from '../../src/webhooks/tables.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();

// The worker would fan the outbox out as soon as it is written: stopped, the outbox stays to be read.
beforeAll(async () => {
  await webhookWorker(server.ctx)!.stop();
  await createSubscription(server.ctx, { url: 'http://127.0.0.1:9/hook' }, 'control', server.info.integrationId);
});

async function outbox() {
  return webhookDb(server.ctx.store.db).selectFrom('webhook_outbox').selectAll().orderBy('seq').execute();
}

async function clear() {
  await webhookDb(server.ctx.store.db).deleteFrom('webhook_outbox').execute();
}

describe('webhook outbox', () => {
  it('is not written while no subscription exists', async () => {
    const subscriptions = await webhookDb(server.ctx.store.db).selectFrom('webhook_subscriptions').selectAll().execute();
    await webhookDb(server.ctx.store.db).deleteFrom('webhook_subscriptions').execute();
    await clear();
    const created = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'Unheard' } }] } },
    });
    expect(created.status).toBe(200);
    expect(await outbox()).toEqual([]);
    await webhookDb(server.ctx.store.db).insertInto('webhook_subscriptions').values(subscriptions).execute();
  });

  it('records page.created with the page and its parent in the write transaction', async () => {
    await clear();
    const created = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'Hooked' } }] } },
    });
    expect(created.status).toBe(200);
    const rows = await outbox();
    expect(rows.map((r) => [r.type, r.entity_id, r.entity_type])).toEqual([['page.created', created.body.id, 'page']]);
    expect(JSON.parse(rows[0]!.parent!)).toEqual({ type: 'page_id', id: server.info.rootPageId });
  });

  it('records nothing for a refused write', async () => {
    await clear();
    const refused = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'x' } }] }, children: [{ paragraph: 5 }] },
    });
    expect(refused.status).toBe(400);
    expect(await outbox()).toEqual([]);
  });

  it('records nothing when the transaction rolls back after the event was written', async () => {
    await clear();
    const page = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'Rollback' } }] } },
    });
    await clear();
    const failure = new Error('fails after the write');
    await expect(
      server.ctx.store.transaction(async (tx) => {
        await webhookDb(tx)
          .insertInto('webhook_outbox')
          .values({
            workspace_id: server.info.workspaceId,
            type: 'page.properties_updated',
            entity_id: page.body.id,
            entity_type: 'page',
            reach_id: page.body.id,
            parent: null,
            data: '{}',
            author_id: 'x',
            author_type: 'bot',
            timestamp: new Date().toISOString(),
            recorded_ms: Date.now(),
          })
          .execute();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await outbox()).toEqual([]);
  });

  it('records updates, moves, trash and restore, block edits and comments', async () => {
    const parent = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'Target' } }] } },
    });
    const page = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: 'Moving' } }] } },
    });
    await clear();
    await server.request('PATCH', `/v1/pages/${page.body.id}`, { body: { properties: { title: [{ text: { content: 'Renamed' } }] } } });
    await server.request('POST', `/v1/pages/${page.body.id}/move`, { body: { parent: { page_id: parent.body.id } } });
    const appended = await server.request('PATCH', `/v1/blocks/${page.body.id}/children`, {
      body: { children: [{ paragraph: { rich_text: [{ text: { content: 'hello' } }] } }] },
    });
    const block = appended.body.results[0].id;
    await server.request('PATCH', `/v1/blocks/${block}`, { body: { paragraph: { rich_text: [{ text: { content: 'bye' } }] } } });
    await server.request('POST', '/v1/comments', { body: { parent: { page_id: page.body.id }, rich_text: [{ text: { content: 'hi' } }] } });
    await server.request('PATCH', `/v1/pages/${page.body.id}`, { body: { in_trash: true } });
    await server.request('PATCH', `/v1/pages/${page.body.id}`, { body: { in_trash: false } });
    const rows = await outbox();
    expect(rows.map((r) => r.type)).toEqual([
      'page.properties_updated',
      'page.moved',
      'page.content_updated',
      'page.content_updated',
      'comment.created',
      'page.deleted',
      'page.undeleted',
    ]);
    expect(JSON.parse(rows[0]!.data)).toEqual({ updated_properties: ['title'] });
    expect(JSON.parse(rows[2]!.data)).toEqual({ updated_blocks: [{ id: block, type: 'block' }] });
  });
});
