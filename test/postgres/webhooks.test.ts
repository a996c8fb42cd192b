// Webhooks with two instances on one PostgreSQL database: writes through both, every event
// delivered exactly once (outbox rows and subscriptions claimed with SKIP LOCKED, a lease per
// subscription), and a lease left by an instance that died taken over once it expires.
import type { Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { webhookDb } from '../../src/webhooks/tables.js';
import { sdkClient } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let a: RunningServer;
let b: RunningServer;
let na: Client;
let nb: Client;
let receiver: Receiver;
let token: string;

const start = () =>
  startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema, poolSize: 8 }), {
    webhookSettings: { pollMs: 20, retryScale: 0 },
  });

beforeAll(async () => {
  [a, b] = await Promise.all([start(), start()]);
  na = sdkClient(a);
  nb = sdkClient(b);
  receiver = await startReceiver();
  const created = await fetch(`${a.baseUrl}/__localnotion/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, event_types: ['page.created'] }),
  });
  token = ((await created.json()) as { verification_token: string }).verification_token;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await receiver?.close();
  await dropPostgresSchema(url, schema);
});

const flushBoth = () => Promise.all([a.emulator.webhooks.flush(), b.emulator.webhooks.flush()]);

describe('webhooks over two instances', () => {
  it('delivers every event of writes through both instances exactly once', async () => {
    const ids = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        const page = await notion.pages.create({ parent: { page_id: a.info.rootPageId }, properties: { title: { title: text(`Row ${i}`) } } });
        return page.id;
      }),
    );
    await flushBoth();
    expect(receiver.received.filter((r) => 'verification_token' in r.json)).toHaveLength(1);
    const delivered = receiver.events().map((e) => e.entity.id as string);
    expect(delivered.slice().sort()).toEqual(ids.slice().sort());
    expect(await receiver.allSigned(token)).toBe(true);
    const w = webhookDb(a.ctx.store.db);
    expect(await w.selectFrom('webhook_outbox').select('seq').execute()).toEqual([]);
    const attempts = await w.selectFrom('webhook_attempts').select(['delivery_id']).execute();
    expect(new Set(attempts.map((x) => x.delivery_id)).size).toBe(attempts.length);
  });

  it('takes over a subscription whose lease an instance that died left behind', async () => {
    const w = webhookDb(a.ctx.store.db);
    await b.emulator.webhooks.stop();
    // As an instance killed mid-delivery leaves it: leased to an instance that is gone, expired.
    await w
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: 'gone', lease_until: Date.now() - 1 })
      .execute();
    const before = receiver.events().length;
    const page = await na.pages.create({ parent: { page_id: a.info.rootPageId }, properties: { title: { title: text('After the crash') } } });
    await a.emulator.webhooks.flush();
    expect(
      receiver
        .events()
        .slice(before)
        .map((e) => e.entity.id),
    ).toEqual([page.id]);
  });
});
