// notion.test.mjs (run with: node --test)
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { Client } from '@notionhq/client';
import { startLocalNotion } from 'localnotion';

let notion;
let client;

before(async () => {
  notion = await startLocalNotion({ deterministic: true });
  client = new Client(notion.clientOptions());
});
beforeEach(() => notion.reset());
after(() => notion.close());

test('creates a page under the root page', async () => {
  const page = await client.pages.create({
    parent: { page_id: notion.rootPageId },
    properties: { title: { title: [{ text: { content: 'Hello' } }] } },
  });
  // Deterministic mode: the clock is frozen, so timestamps are the same on every run.
  assert.equal(page.created_time, '2025-01-01T00:00:00.000Z');
  const [logged] = notion.requests({ method: 'POST' });
  assert.deepEqual(logged.request_body.parent, { page_id: notion.rootPageId });
});

test('is throttled like Notion when the rate limiter is on', async () => {
  notion.rateLimit.enable({ burst: 1, retry_after: 0 });
  const strict = new Client({ ...notion.clientOptions(), retry: false });
  await strict.users.me({});
  await assert.rejects(strict.users.me({}), { code: 'rate_limited', status: 429 });
  notion.rateLimit.disable();
});
