// webhooks.test.ts
import { Client, verifyWebhookSignature } from '@notionhq/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLocalNotion, type LocalNotion, type WebhookRequest } from 'localnotion';

// The handler under test: it checks the signature and keeps what it was told.
const seen: { type: string; entity: { id: string } }[] = [];
async function handleNotionWebhook(body: string, signature: string): Promise<number> {
  if (!(await verifyWebhookSignature({ body, signature, verificationToken: 'secret_test' }))) return 401;
  const event = JSON.parse(body);
  if (!('verification_token' in event)) seen.push(event);
  return 200;
}

// A real receiver on loopback, as your app would run it...
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => res.writeHead(await handleNotionWebhook(body, String(req.headers['x-notion-signature']))).end());
});
// ...or a function called in the process, with the same bytes and headers.
const inProcess: WebhookRequest[] = [];

let notion: LocalNotion;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  notion = await startLocalNotion({
    webhooks: [
      { url: `http://127.0.0.1:${port}/notion`, verification_token: 'secret_test', event_types: ['page.created', 'page.properties_updated'] },
      { handler: (request) => void inProcess.push(request) },
    ],
  });
});
afterAll(async () => {
  await notion.close();
  receiver.close();
});

test('a new page reaches the handler, signed', async () => {
  const client = new Client(notion.clientOptions());
  const page = await client.pages.create({
    parent: { page_id: notion.rootPageId },
    properties: { title: { title: [{ text: { content: 'Hello, webhooks' } }] } },
  });
  await notion.flushWebhooks(); // resolves once every due event is delivered
  expect(seen.map((e) => [e.type, e.entity.id])).toEqual([['page.created', page.id]]);
  expect(inProcess.map((r) => r.event.type ?? 'verification')).toEqual(['verification', 'page.created']);
});
