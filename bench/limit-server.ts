// A limit server: the least a server on the same stack must do for the benchmark's two scenarios,
// so that `npm run bench` can report localnotion's figures as a share of what the stack allows on
// this machine at that moment. Fastify and one store, nothing else: no authentication, no
// validation, no access check.
//
//   POST /v1/pages      inserts a page row and three block rows in one transaction, answers the page
//   GET  /v1/pages/:id  reads the page row by id and answers it as JSON
//
//   tsx bench/limit-server.ts sqlite <file>
//   tsx bench/limit-server.ts postgres <url> <schema>
//
// It prints "listening on <url>" and "root page: <id>" like `localnotion serve`, and stops on SIGTERM.
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

interface Row {
  id: string;
  type: string;
  parent_id: string;
  position: number;
  properties: string;
  created_time: string;
  last_edited_time: string;
  in_trash: number;
}

/** The two operations, on one engine. */
interface LimitStore {
  create(page: Row, blocks: Row[]): Promise<void>;
  read(id: string): Promise<Row | undefined>;
  close(): Promise<void>;
}

const COLUMNS = ['id', 'type', 'parent_id', 'position', 'properties', 'created_time', 'last_edited_time', 'in_trash'] as const;
const TABLE = `create table if not exists blocks (
  id text primary key, type text not null, parent_id text not null, position bigint not null,
  properties text not null, created_time text not null, last_edited_time text not null, in_trash integer not null)`;
const INDEX = 'create index if not exists blocks_children on blocks (parent_id, position)';
const values = (r: Row) => COLUMNS.map((c) => r[c]);

function sqliteStore(file: string): LimitStore {
  const db = new SqliteDatabase(file);
  // As localnotion opens its file (src/store/dialect.ts).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(TABLE);
  db.exec(INDEX);
  const insert = db.prepare(`insert into blocks (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const select = db.prepare('select * from blocks where id = ?');
  const create = db.transaction((page: Row, blocks: Row[]) => {
    for (const r of [page, ...blocks]) insert.run(values(r));
  });
  return {
    create: async (page, blocks) => create(page, blocks),
    read: async (id) => select.get(id) as Row | undefined,
    close: async () => void db.close(),
  };
}

async function postgresStore(url: string, schema: string): Promise<LimitStore> {
  // Ten connections, as localnotion's default pool (src/store/dialect.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  await pool.query(`create schema if not exists ${schema}`);
  await pool.query(TABLE);
  await pool.query(INDEX);
  const one = `(${COLUMNS.map(() => '$').join(', ')})`;
  const insertSql = (rows: number) => {
    let n = 0;
    const tuples = Array.from({ length: rows }, () => one.replace(/\$/g, () => `$${++n}`));
    return `insert into blocks (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
  };
  return {
    async create(page, blocks) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(insertSql(1), values(page));
        if (blocks.length > 0) await client.query(insertSql(blocks.length), blocks.flatMap(values));
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    read: async (id) => (await pool.query<Row>('select * from blocks where id = $1', [id])).rows[0],
    close: () => pool.end(),
  };
}

function row(type: string, parentId: string, position: number, properties: unknown): Row {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    type,
    parent_id: parentId,
    position,
    properties: JSON.stringify(properties),
    created_time: now,
    last_edited_time: now,
    in_trash: 0,
  };
}

const page = (r: Row) => ({
  object: 'page',
  id: r.id,
  created_time: r.created_time,
  last_edited_time: r.last_edited_time,
  parent: { type: 'page_id', page_id: r.parent_id },
  in_trash: r.in_trash !== 0,
  properties: JSON.parse(r.properties) as unknown,
});

async function main(): Promise<void> {
  const [engine, where, schema] = process.argv.slice(2);
  if (!where || (engine !== 'sqlite' && engine !== 'postgres') || (engine === 'postgres' && !schema)) {
    throw new Error('usage: limit-server.ts sqlite <file> | postgres <url> <schema>');
  }
  const store = engine === 'sqlite' ? sqliteStore(where) : await postgresStore(where, schema!);
  const root = row('page', 'workspace', 0, {});
  await store.create(root, []);
  let position = 0;
  const app = Fastify({ logger: false });
  app.post('/v1/pages', async (request) => {
    const body = request.body as { parent?: { page_id?: string }; properties?: unknown; children?: unknown[] };
    const parentId = body.parent?.page_id ?? root.id;
    const created = row('page', parentId, ++position, body.properties ?? {});
    const children = (body.children ?? []).map((c, i) => row('block', created.id, i + 1, c));
    await store.create(created, children);
    return page(created);
  });
  app.get('/v1/pages/:id', async (request, reply) => {
    const found = await store.read((request.params as { id: string }).id);
    if (!found) return reply.code(404).send({ object: 'error', status: 404, code: 'object_not_found' });
    return page(found);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`listening on ${url}`);
  console.log(`root page: ${root.id}`);
  process.once('SIGTERM', () => {
    void app.close().then(() => store.close().then(() => process.exit(0)));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
