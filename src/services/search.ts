// Search (https://developers.notion.com/reference/post-search): the pages and data sources (2022-06-28: databases) the integration reaches
// whose title contains the query, most recently edited first unless sorted otherwise, in pages
// behind opaque keyset cursors. Rules chosen where Notion is silent are in docs/decisions.md.
import type { AppContext } from '../context.js';
import { hasDataSources, type ApiVersion } from '../api-version.js';
import type { SearchBody } from '../schemas/search.js';
import { blocksByIds, dataSourcesOf } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { searchBlocks, type SearchObject } from '../store/search.js';
import { requireCapability, type Actor } from './access.js';
import { reachOver, schemasOfRows, type SchemaVisibility } from '../properties/reach.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../properties/keyset-cursor.js';
import { renderPages } from '../properties/read-values.js';
import type { PageRecord } from './pages.js';

export type SearchResult =
  | { object: 'page'; page: PageRecord }
  | { object: 'data_source'; dataSource: BlockRow; database: BlockRow; visible: SchemaVisibility }
  | { object: 'database'; database: BlockRow; dataSource: BlockRow; visible: SchemaVisibility };

export interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

type Direction = 'ascending' | 'descending';

/** What the request asks for, in the terms of the version it was made in. */
function objectsOf(body: SearchBody, version: ApiVersion): SearchObject[] {
  const value = body.filter && 'value' in body.filter ? body.filter.value : undefined;
  if (value === 'page') return ['page'];
  if (value === 'data_source' || value === 'database') return [value];
  // Until 2025-09-03 a database is shown as its table; from then on its data sources are.
  return hasDataSources(version) ? ['page', 'data_source'] : ['page', 'database'];
}

// Without a timestamp sort (and with the relevance sort of 2026-03-11) results come most
// recently edited first.
const directionOf = (body: SearchBody): Direction => (body.sort && 'timestamp' in body.sort ? (body.sort.direction ?? 'descending') : 'descending');

// A cursor belongs to the integration that was given it and to the direction it was read in.
const cursorScope = (actor: Actor, direction: Direction): string => `search:${actor.integrationId}:${direction}`;

export async function search(ctx: AppContext, actor: Actor, body: SearchBody, version: ApiVersion, pageSize: number): Promise<SearchPage> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  const direction = directionOf(body);
  const scope = cursorScope(actor, direction);
  let after: { time: string; id: string } | undefined;
  // null and '' are the first page, as an omitted cursor is.
  if (body.start_cursor) {
    const [time, id] = decodeKeysetCursor(body.start_cursor, scope, 2);
    after = { time: time!, id: id! };
  }
  const rows = await searchBlocks(db, {
    workspaceId: actor.workspaceId,
    reach: actor.reach,
    objects: objectsOf(body, version),
    query: (body.query ?? '').trim(),
    trashed: body.filter !== undefined && 'in_trash' in body.filter && body.filter.in_trash === true,
    direction,
    after,
    limit: pageSize + 1,
  });
  const shown = rows.slice(0, pageSize);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > pageSize && last ? encodeKeysetCursor(scope, [last.last_edited_time, last.id]) : null;
  return { results: await resultsOf(db, actor, shown, ctx.clock.now()), nextCursor };
}

/** Rows of `blocks` as results, with what presenting them needs, looked up once per page. */
async function resultsOf(db: Db, actor: Actor, rows: BlockRow[], now: Date): Promise<SearchResult[]> {
  const pages = rows.filter((r) => r.type === 'child_page');
  const dataSources = rows.filter((r) => r.type === 'data_source');
  const databases = rows.filter((r) => r.type === 'child_database');
  const rendered = await renderPages(db, actor, pages, now);
  const parents = new Map((await blocksByIds(db, [...new Set(dataSources.map((r) => r.parent_id!))])).map((r) => [r.id, r]));
  // Under 2022-06-28 a database result has exactly one live data source.
  const tables = new Map(
    (
      await dataSourcesOf(
        db,
        databases.map((r) => r.id),
      )
    ).map((r) => [r.parent_id!, r]),
  );
  const reach = await reachOver(db, actor, schemasOfRows([...dataSources, ...tables.values()]));
  const results: SearchResult[] = [];
  for (const row of rows) {
    if (row.type === 'child_page') {
      results.push({ object: 'page', page: { row, rendered: rendered.get(row.id) } });
    } else if (row.type === 'data_source') {
      const database = parents.get(row.parent_id!);
      if (database) results.push({ object: 'data_source', dataSource: row, database, visible: reach.visibility([row.id]) });
    } else {
      const dataSource = tables.get(row.id);
      if (dataSource) results.push({ object: 'database', database: row, dataSource, visible: reach.visibility([dataSource.id]) });
    }
  }
  return results;
}
