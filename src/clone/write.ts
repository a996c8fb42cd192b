// The clone as an export file (the format `--seed`, `localnotion import` and
// /__localnotion/import take): a workspace holding what was read, with an integration of its own
// whose bot is the source's bot, so that authors stay who they were (docs/decisions.md, "Clone").
import { createHash, randomBytes } from 'node:crypto';
import { ALL_CAPABILITIES } from '../actor.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../emulator/export-file.js';
import { migrationLevel, DUMP_TABLES, type DumpRow, type TableName } from '../store/dump.js';
import type { Schema } from '../properties/schema.js';
import type { BlockRow } from '../store/schema.js';
import type { WorkspaceInfo } from '../services/workspace.js';
import type { Collected } from './read.js';
import type { Journal } from './journal.js';
import { commentRow, contentBlockRow, databaseRows, pageRow, schemaRows, templateRow, viewRow, type RowContext } from './rows.js';

import type { Json } from './json.js';

const BLOB_LINE_BYTES = 512 * 1024;

/** A uuid that the same seed always gives, so that a clone run twice writes the same file. */
function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const newLocalToken = (): string => `ntn_${randomBytes(24).toString('base64url')}`;

export interface CloneRows {
  tables: Map<TableName, DumpRow[]>;
  info: WorkspaceInfo;
}

function userRow(workspaceId: string, u: Json, now: string): DumpRow {
  return {
    id: u.id,
    workspace_id: workspaceId,
    type: u.type === 'bot' ? 'bot' : 'person',
    name: u.name ?? null,
    avatar_url: u.avatar_url ?? null,
    email: u.person?.email ?? null,
    created_time: now,
  };
}

/** Users the cloned objects name that the user list did not hold. */
function namedUsers(blocks: BlockRow[], out: Collected): Set<string> {
  const ids = new Set<string>();
  for (const b of blocks) ids.add(b.created_by).add(b.last_edited_by);
  for (const c of out.comments.values()) if (c.created_by?.id) ids.add(c.created_by.id as string);
  return ids;
}

function contentRows(rc: RowContext, out: Collected): { blocks: BlockRow[]; counters: DumpRow[] } {
  const schemas = new Map<string, Schema>();
  for (const ds of out.dataSources.values()) schemas.set(ds.id as string, schemaRows(rc, ds));
  const blocks: BlockRow[] = [];
  for (const { database, position } of out.databases.values()) blocks.push(...databaseRows(rc, database, position, schemas));
  for (const { page, position } of out.pages.values()) blocks.push(pageRow(rc, page, position, schemas));
  for (const { block, position } of out.blocks.values()) blocks.push(contentBlockRow(rc, block, position));
  // Unique ids go on from the highest one cloned (src/store/counters.ts).
  const counters: DumpRow[] = [];
  for (const [dsId, schema] of schemas) {
    for (const p of schema.filter((q) => q.type === 'unique_id')) {
      let max = 0;
      for (const b of blocks) if (b.parent_id === dsId && b.properties) max = Math.max(max, Number((JSON.parse(b.properties) as Json)[p.id] ?? 0));
      counters.push({ key: `unique_id:${dsId}:${p.id}`, value: max });
    }
  }
  return { blocks, counters };
}

/** The rows of the clone's workspace, table by table. */
export function cloneRows(out: Collected, token: string, now: string): CloneRows {
  const bot = out.bot;
  const workspaceId = (bot.bot?.workspace_id as string | undefined) ?? stableUuid(`workspace ${bot.id}`);
  const cloned = new Set<string>([...out.pages.keys(), ...out.databases.keys(), ...out.dataSources.keys(), ...out.blocks.keys()]);
  const rc: RowContext = { workspaceId, fallbackUser: bot.id as string, out, cloned };
  const { blocks, counters } = contentRows(rc, out);
  const users = new Map<string, DumpRow>();
  users.set(bot.id as string, userRow(workspaceId, bot, now));
  for (const u of out.users.values()) users.set(u.id as string, userRow(workspaceId, u, now));
  for (const id of namedUsers(blocks, out)) {
    if (users.has(id)) continue;
    users.set(id, userRow(workspaceId, { id, type: 'person', name: null }, now));
    out.notes.push(`user ${id}: named by cloned objects but not in the user list; cloned without a name`);
  }
  const ownerOfBot = bot.bot?.owner?.type === 'user' ? (bot.bot.owner.user?.id as string | undefined) : undefined;
  const found = ownerOfBot ?? ([...users.values()].find((u) => u.type === 'person')?.id as string | undefined);
  const ownerId = found !== undefined && users.has(found) ? found : stableUuid(`owner ${bot.id}`);
  if (!users.has(ownerId)) {
    users.set(ownerId, { ...userRow(workspaceId, { id: ownerId, type: 'person', name: 'Workspace Owner' }, now), email: 'owner@localnotion.test' });
  }
  const integrationId = stableUuid(`integration ${bot.id}`);
  const topLevel = blocks.filter((b) => b.parent_type === 'workspace');
  const root = topLevel.find((b) => b.type === 'child_page') ?? topLevel[0];
  if (!root) throw new Error('nothing was cloned: the token reaches no page or database (share them with the integration)');
  const grants = topLevel.flatMap((b) => [
    { integration_id: integrationId, block_id: b.id },
    { integration_id: workspaceId, block_id: b.id },
  ]);
  const info: WorkspaceInfo = { workspaceId, ownerId, integrationId, botId: bot.id as string, token, rootPageId: root.id };
  const comments = [...out.comments.values()].map((c) => commentRow(rc, c)).filter((c) => c !== undefined);
  const views = [...out.views.values()].map((v, i) => viewRow(rc, v, i)).filter((v) => v !== undefined);
  const tables = new Map<TableName, DumpRow[]>([
    [
      'workspaces',
      [{ id: workspaceId, name: (bot.bot?.workspace_name as string | undefined) ?? 'localnotion', created_time: now, max_file_upload_bytes: null, icon: null }],
    ],
    ['users', [...users.values()]],
    [
      'integrations',
      [
        {
          id: integrationId,
          workspace_id: workspaceId,
          bot_id: bot.id,
          name: bot.name ?? 'localnotion',
          token,
          kind: 'internal',
          owner_user_id: null,
          capabilities: JSON.stringify(ALL_CAPABILITIES),
          created_time: now,
        },
      ],
    ],
    ['grants', grants],
    ['blocks', blocks as unknown as DumpRow[]],
    ['meta', [{ key: 'workspace', value: JSON.stringify(info) }]],
    ['counters', counters],
    ['comments', comments as unknown as DumpRow[]],
    ['file_uploads', uploadRows(out, workspaceId, integrationId, bot.id as string, now)],
    ['file_parts', [...out.files.values()].map((f) => ({ upload_id: f.uploadId, part_number: 1, blob_key: f.file.path, size: f.file.size }))],
    ['views', views as unknown as DumpRow[]],
    ['templates', out.templates.filter((t) => cloned.has(t.page_id)).map(templateRow) as unknown as DumpRow[]],
  ]);
  return { tables, info };
}

function uploadRows(out: Collected, workspaceId: string, integrationId: string, botId: string, now: string): DumpRow[] {
  return [...out.files.values()].map((f, i) => ({
    id: f.uploadId,
    workspace_id: workspaceId,
    integration_id: integrationId,
    created_by: botId,
    seq: i + 1,
    mode: 'single_part',
    status: 'uploaded',
    filename: f.name,
    content_type: f.file.content_type,
    content_length: f.file.size,
    number_of_parts: null,
    parts_sent: 1,
    attached: 1,
    external_url: null,
    import_result: null,
    created_time: now,
    last_edited_time: now,
    expiry_time: null,
  }));
}

/** The lines of the export file: its header, then the rows in the order an import takes them, each file's bytes before its part. */
export async function* exportLines(rows: CloneRows, journal: Journal, memoryFiles: Map<string, Buffer>, exportedAt: string): AsyncGenerator<string> {
  const counts = {} as Record<TableName, number>;
  for (const table of DUMP_TABLES) counts[table] = rows.tables.get(table)?.length ?? 0;
  yield JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, migration: await migrationLevel(), exported_at: exportedAt, counts });
  for (const table of DUMP_TABLES) {
    for (const row of rows.tables.get(table) ?? []) {
      if (table === 'file_parts') {
        const bytes = journal.readFile({ path: row.blob_key as string, size: row.size as number, content_type: null }, memoryFiles);
        // Pieces as an export carries them (src/files/transfer.ts), each line well under an import's line limit.
        for (let at = 0; at === 0 || at < bytes.length; at += BLOB_LINE_BYTES)
          yield JSON.stringify({ blob: row.blob_key, data: bytes.subarray(at, at + BLOB_LINE_BYTES).toString('base64') });
      }
      yield JSON.stringify({ table, row });
    }
  }
}
