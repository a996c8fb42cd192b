// Running on PostgreSQL: migrations from the command line, a clear exit when the database cannot
// be reached at start, 503s while it is gone and recovery when it is back, and no answered write
// lost (nor any half-written) when an instance is killed in the middle of a write load.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { createPagesUntilKilled, run, serve } from '../helpers/cli.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schemas: string[] = [];
const newSchema = () => {
  const name = testSchemaName();
  schemas.push(name);
  return name;
};

afterAll(async () => {
  for (const schema of schemas) await dropPostgresSchema(url, schema);
});

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' });

describe('localnotion migrate', () => {
  it('applies the migrations once, then finds the store up to date', async () => {
    const schema = newSchema();
    const first = await run(['migrate', '--database', url, '--database-schema', schema]);
    // Every migration the store knows, in order: the list grows with each new one.
    const names = Object.keys(await migrationProvider.getMigrations());
    expect(first.output).toContain(`applied ${names.join(', ')}`);
    expect(first.code).toBe(0);
    const second = await run(['migrate', '--database', url, '--database-schema', schema]);
    expect(second.output).toContain('up to date');
    expect(second.code).toBe(0);
  });
});

describe('a database that cannot be reached', () => {
  it('at start: the server exits with a message naming the database, its password hidden', async () => {
    const { code, output } = await run(['serve', '--port', '0', '--database', 'postgres://someone:secret@127.0.0.1:1/nowhere']);
    expect(code).toBe(1);
    expect(output).toContain('localnotion: cannot open the store (PostgreSQL, postgres://someone:***@127.0.0.1:1/nowhere)');
    expect(output).toContain('ECONNREFUSED');
    expect(output).not.toContain('secret');
  });

  it('while running: requests answer 503 until it is back, then everything works again', async () => {
    // The server reaches PostgreSQL through a relay that the test can cut and restore.
    const target = new URL(url);
    const sockets = new Set<Socket>();
    const relay = (): Server =>
      createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
    let proxy = relay();
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    const relayed = new URL(url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);

    const server = await startServer(
      defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: relayed.toString(), databaseSchema: newSchema(), poolSize: 2 }),
    );
    try {
      const page = () => fetch(`${server.baseUrl}/v1/pages/${server.info.rootPageId}`, { headers: headers(server.info.token) });
      expect((await page()).status).toBe(200);

      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      const down = await page();
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({
        object: 'error',
        status: 503,
        code: 'database_connection_unavailable',
        message: 'Notion is unavailable, please try again later.',
        request_id: down.headers.get('x-notion-request-id'),
      });
      // The health route probes the store rather than assuming it.
      const health = await fetch(`${server.baseUrl}/__localnotion/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', problem: expect.any(String) });

      proxy = relay();
      await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
      const back = await page();
      expect(back.status).toBe(200);
      expect(((await back.json()) as { id: string }).id).toBe(server.info.rootPageId);
      expect((await fetch(`${server.baseUrl}/__localnotion/health`)).status).toBe(200);
    } finally {
      await server.close();
      proxy.close();
      for (const s of sockets) s.destroy();
    }
  });
});

describe('an instance killed in the middle of a write load', () => {
  it('keeps every write it answered, and nothing half-written', async () => {
    const schema = newSchema();
    const args = ['--database', url, '--database-schema', schema, '--token', 'ntn_crash_test'];
    const first = await serve(args);
    const answered = await createPagesUntilKilled(first);

    const second = await startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema }));
    try {
      const db = second.ctx.store.db;
      const pages = await db.selectFrom('blocks').select('id').where('parent_id', '=', first.rootPageId).execute();
      const present = new Set(pages.map((p) => p.id));
      for (const id of answered) expect(present).toContain(id);
      // Every page that exists has all three of its blocks: no write is in the store in part.
      const counts = await db
        .selectFrom('blocks')
        .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('parent_id', 'in', [...present])
        .groupBy('parent_id')
        .execute();
      expect(counts).toHaveLength(present.size);
      for (const c of counts) expect(Number(c.n)).toBe(3);
      // And the restarted instance serves them.
      const res = await fetch(`${second.baseUrl}/v1/blocks/${answered.at(-1)}/children`, { headers: headers('ntn_crash_test') });
      expect(((await res.json()) as { results: unknown[] }).results).toHaveLength(3);
    } finally {
      await second.close();
    }
  });
});
