// Webhook events of a linked database made by POST /v1/views with `create_database`: the block
// is told as a database created (entity type `block`), then its view.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../src/webhooks/deliver.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

type Event = { type: string; entity: { id: string; type: string }; data?: Record<string, any> };

describe('linked database events', () => {
  it('tells of database.created for the block, then view.created with the block as parent', async () => {
    const got: WebhookRequest[] = [];
    const ln = await startEmulator({ listen: false, webhooks: [{ handler: (request) => void got.push(request) }] });
    const database = (
      await call(ln, 'POST', '/v1/databases', {
        body: { parent: { page_id: ln.rootPageId }, title: [{ text: { content: 'Tasks' } }], initial_data_source: { properties: { Name: { title: {} } } } },
      })
    ).body;
    await ln.flushWebhooks();
    got.length = 0;
    const view = (
      await call(ln, 'POST', '/v1/views', {
        body: { data_source_id: database.data_sources[0].id, name: 'Linked', type: 'table', create_database: { parent: { page_id: ln.rootPageId } } },
      })
    ).body;
    expect(view.object).toBe('view');
    await ln.flushWebhooks();
    const linkedId = view.parent.database_id as string;
    const events = got.map((r) => r.event as unknown as Event);
    expect(events.map((e) => [e.type, e.entity])).toEqual([
      ['database.created', { id: linkedId, type: 'block' }],
      ['view.created', { id: view.id, type: 'view' }],
    ]);
    expect(events[0]!.data?.parent).toEqual({ id: ln.rootPageId, type: 'page' });
    expect(events[1]!.data).toEqual({ parent: { id: linkedId, type: 'database' }, view_type: 'table' });
  });
});
