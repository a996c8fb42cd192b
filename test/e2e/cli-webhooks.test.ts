// A server killed with SIGKILL under a write load: after a restart on the same file, every write
// it answered has had its event delivered (at least once: docs/decisions.md, "Webhooks").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, createPagesUntilKilled, serve, stop } from '../helpers/cli.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-webhooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webhooks across a crash', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('delivers the event of every answered write once the server is started again', async () => {
    const receiver = await startReceiver();
    const db = join(dir, 'crash.db');
    const args = ['--db', db, '--token', 'ntn_webhook_crash', '--webhook', `${receiver.url}:page.created`, '--webhook-timeout', '1000'];
    const first = await serve(args);
    expect(first.output).toContain(`webhook:    ${receiver.url}`);
    const answered = await createPagesUntilKilled(first, 60);

    const second = await serve(args);
    const flushed = await fetch(`${second.baseUrl}/__localnotion/webhooks/flush`, { method: 'POST' });
    expect(flushed.status).toBe(200);
    const delivered = new Set(receiver.events().map((e) => e.entity.id as string));
    for (const id of answered) expect(delivered).toContain(id);
    const subscriptions = (await (await fetch(`${second.baseUrl}/__localnotion/webhooks`)).json()) as { results: unknown[] };
    expect(subscriptions.results).toHaveLength(1);
    await stop(second);
    await receiver.close();
  });
});
