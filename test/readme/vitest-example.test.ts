// notion.test.ts
import { Client } from '@notionhq/client';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startLocalNotion, type LocalNotion } from 'localnotion';

let notion: LocalNotion;
let client: Client;

beforeAll(async () => {
  // In memory, seeded from a fixture kept in the repository.
  notion = await startLocalNotion({ seed: 'test/fixtures/workspace.yaml' });
  // auth, baseUrl and a fetch that reaches the server without a socket.
  client = new Client(notion.clientOptions());
});
beforeEach(() => notion.reset()); // every test starts from the seeded workspace
afterAll(() => notion.close());

test('adds a task to the seeded data source', async () => {
  const page = await client.pages.create({
    parent: { data_source_id: notion.id('tasks') },
    properties: { Name: { title: [{ text: { content: 'Write tests' } }] } },
  });
  const { results } = await client.dataSources.query({ data_source_id: notion.id('tasks') });
  expect(results.map((r) => r.id)).toContain(page.id);
});

test('sees the seeded tasks only: the one above is gone', async () => {
  const { results } = await client.dataSources.query({ data_source_id: notion.id('tasks') });
  expect(results).toHaveLength(2);
});

test('retries when Notion answers 503', async () => {
  // Once, with Retry-After: 0 so that the SDK retries at once.
  notion.faults.add({ method: 'GET', path: '/v1/users/me', code: 'service_unavailable', times: 1, retry_after: 0 });
  const me = await client.users.me({}); // the SDK retries GETs after a 503
  expect(me.type).toBe('bot');
  expect(notion.requests({ path: '/v1/users/me' }).map((r) => r.status)).toEqual([200, 503]);
});
