// Search (https://developers.notion.com/reference/post-search): the pages, data sources and databases an integration reaches whose title
// contains a text, in edit order, a page at a time. Access, trash, the title match, the order
// and the limit are all in SQL, the same text on SQLite and PostgreSQL.
//
// Two plans answer the same question, each fast where the other is slow:
//
// * Newest first (`fromIndex`): walk the `blocks_search` index in edit order, match the title on
//   the index entry, and keep each candidate whose ancestors include a shared block and no
//   trashed one (a walk up a few parents by primary key). Cheap when most candidates are
//   reachable: the first 101 are found almost at once. The walk looks at twice as many matching
//   candidates as the page holds, and when too few of them are reachable walks again up to
//   SCAN_BUDGET of them (every candidate walked is checked for access before the page is cut).
//   SQLite's plan (EXPLAIN QUERY PLAN):
//     MATERIALIZE cand
//       SEARCH b USING COVERING INDEX blocks_search (workspace_id=? AND in_trash=? AND (last_edited_time,id)<(?,?))
//       CORRELATED SCALAR SUBQUERY (the database's title): SEARCH d USING INDEX sqlite_autoindex_blocks_1 (id=?)
//     MATERIALIZE hits
//       SCAN cand
//       CORRELATED SCALAR SUBQUERY: CO-ROUTINE up (RECURSIVE STEP: SEARCH a USING INDEX sqlite_autoindex_blocks_1 (id=?))
//         SEARCH g USING COVERING INDEX sqlite_autoindex_grants_1 (integration_id=? AND block_id=?)
//     SEARCH x USING INDEX sqlite_autoindex_blocks_1 (id=?)  -- the full rows of the page of results
//   With 100,000 pages under one shared page: the first page of everything in about 2 ms, a
//   word in every tenth title in about 4 ms, a word in no title in about 25 ms (one pass over
//   the index).
//
// * Down from the shares (`fromGrants`): everything below the blocks the integration was given,
//   then the matches among it, sorted. Cost grows with what the integration reaches, not with
//   the workspace, so it answers when the first plan runs out of budget: many matching
//   candidates of which few are reachable, i.e. an integration given a small corner of a large
//   workspace (about 6 ms in all beside 100,000 pages it cannot reach, where the first plan
//   alone would take 500 ms). As the only plan it would take about 600 ms for a share holding
//   100,000 pages with their content. SQLite's plan:
//     CO-ROUTINE down
//       SETUP: SEARCH g USING COVERING INDEX sqlite_autoindex_grants_1 (integration_id=?)
//       RECURSIVE STEP: SEARCH c USING INDEX blocks_children (parent_id=?)
//     SCAN down; SEARCH b USING INDEX sqlite_autoindex_blocks_1 (id=?); USE TEMP B-TREE FOR ORDER BY
import { sql, type RawBuilder } from 'kysely';
import { grantedTo } from './blocks.js';
import { textTest } from './predicates.js';
import type { BlockRow } from './schema.js';
import type { Db } from './store.js';

/**
 * What search can return. `database` is a database shown as its one table (2022-06-28): one
 * with several live data sources is not a result.
 */
export type SearchObject = 'page' | 'data_source' | 'database';

export interface SearchParams {
  workspaceId: string;
  /** Whose grants count (Actor.reach). */
  reach: readonly [string, string];
  objects: readonly SearchObject[];
  /** Text the title must contain, ignoring case; '' matches every title. */
  query: string;
  /**
   * Objects that are themselves in the trash (true), or live objects with no trashed ancestor
   * (false).
   */
  trashed: boolean;
  direction: 'ascending' | 'descending';
  /** The sort key of the last result already given: results continue after it. */
  after?: { time: string; id: string };
  limit: number;
  /** Matching candidates the first plan may look at; SCAN_BUDGET unless given. */
  scanBudget?: number;
}

/** Matching candidates the first plan looks at before handing over to the second. */
export const SCAN_BUDGET = 1000;

const BLOCK_TYPES: Record<SearchObject, string> = { page: 'child_page', data_source: 'data_source', database: 'child_database' };

const nothing = sql``;

/**
 * The conditions on a candidate row `b` other than access: kind, trash, title and position.
 * Data sources also match by the title of their database (Notion matches the database title).
 */
function conditions(p: SearchParams): RawBuilder<unknown> {
  const types = p.objects.map((o) => BLOCK_TYPES[o]);
  // Case folds ASCII letters only, the same on both engines: SQLite's lower() does no more, nor does
  // PostgreSQL's under the "C" collation of our text columns; the query is folded here to match.
  let title = nothing;
  if (p.query !== '') {
    const folded = p.query.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    const contains = (column: RawBuilder<unknown>) => textTest(sql`lower(${column})`, 'contains', folded);
    const ownTitle = contains(sql`b.title`);
    title = p.objects.includes('data_source')
      ? sql` and (${ownTitle} or (b.type = 'data_source' and exists(select 1 from blocks d where d.id = b.parent_id and ${contains(sql`d.title`)})))`
      : sql` and ${ownTitle}`;
  }
  const singleSource = p.objects.includes('database')
    ? sql` and (b.type <> 'child_database' or (select count(*) from blocks s where s.parent_id = b.id and s.type = 'data_source' and s.in_trash = 0) = 1)`
    : nothing;
  let position = nothing;
  if (p.after) {
    position =
      p.direction === 'descending'
        ? sql` and (b.last_edited_time, b.id) < (${p.after.time}, ${p.after.id})`
        : sql` and (b.last_edited_time, b.id) > (${p.after.time}, ${p.after.id})`;
  }
  // Template pages are found through their data source's templates, not by search.
  const notTemplate = p.objects.includes('page') ? sql` and not exists(select 1 from templates t where t.page_id = b.id)` : nothing;
  return sql`b.in_trash = ${p.trashed ? 1 : 0} and b.type in (${sql.join(types)})${title}${singleSource}${notTemplate}${position}`;
}

const orderOf = (p: SearchParams, alias: string) =>
  sql.raw(p.direction === 'descending' ? `${alias}.last_edited_time desc, ${alias}.id desc` : `${alias}.last_edited_time asc, ${alias}.id asc`);

/**
 * Whether the integration reaches the row `alias`: walking up from it, some block was shared
 * with the integration. For live results no block on the way (itself included) may be in the
 * trash; a trashed result only has to be reachable. Depth is capped as in `ancestry`.
 */
function reachable(alias: 'cand' | 'b', p: SearchParams): RawBuilder<unknown> {
  const t = sql.raw(alias);
  const granted = grantedTo(p.reach[0], p.reach[1], sql`up.id`);
  const anchor = sql`select ${t}.id, ${t}.parent_id, ${t}.in_trash, 0`;
  if (p.trashed) {
    return sql`(with recursive up(id, parent_id, in_trash, depth) as (
        ${anchor}
        union all
        select a.id, a.parent_id, a.in_trash, up.depth + 1 from blocks a join up on a.id = up.parent_id where up.depth < 1000
      ) select max(case when ${granted} then 1 else 0 end) from up) = 1`;
  }
  // 2 for a trashed block, 1 for a shared one: the maximum is 1 when shared and nothing trashed.
  // The walk stops at a trashed block, which already decides.
  return sql`(with recursive up(id, parent_id, in_trash, depth) as (
      ${anchor}
      union all
      select a.id, a.parent_id, a.in_trash, up.depth + 1 from blocks a join up on a.id = up.parent_id where up.in_trash = 0 and up.depth < 1000
    ) select max(case when up.in_trash = 1 then 2 when ${granted} then 1 else 0 end) from up) = 1`;
}

type Counted = BlockRow & { scanned: number | string };

/** The first plan, over at most `budget` matching candidates. Undefined when it ran out of budget before filling the page. */
async function fromIndex(db: Db, p: SearchParams, budget: number): Promise<BlockRow[] | undefined> {
  // `b.type in (...)` as literal text repeats the index's own condition, which is what lets
  // SQLite and PostgreSQL use a partial index.
  const query = sql<Counted>`
    with cand as (
      select b.id, b.parent_id, b.in_trash, b.last_edited_time from blocks b
      where b.workspace_id = ${p.workspaceId} and b.type in ('child_page', 'child_database', 'data_source') and ${conditions(p)}
      order by ${orderOf(p, 'b')}
      limit ${budget}
    ),
    hits as (
      select cand.id, cand.last_edited_time from cand where ${reachable('cand', p)}
      order by ${orderOf(p, 'cand')}
      limit ${p.limit}
    )
    select s.scanned, x.* from (select count(*) as scanned from cand) s
    left join hits h on 1 = 1
    left join blocks x on x.id = h.id
    order by ${orderOf(p, 'h')}`;
  const rows = (await query.execute(db)).rows;
  const found = rows.filter((r) => r.id !== null);
  // count(*) is a bigint on PostgreSQL, which arrives as a string.
  if (found.length < p.limit && Number(rows[0]?.scanned ?? 0) >= budget) return undefined;
  return found;
}

/** The second plan. */
async function fromGrants(db: Db, p: SearchParams): Promise<BlockRow[]> {
  // Live results: start from shared blocks with nothing trashed above them, and descend into
  // live children only. Trashed results: descend everywhere. `union` keeps each block once when
  // both a page and one of its ancestors were shared.
  const seeds = p.trashed ? nothing : sql` and ${reachable('b', p)}`;
  const liveChildren = p.trashed ? nothing : sql` where c.in_trash = 0`;
  const query = sql<BlockRow>`
    with recursive down(id) as (
      select b.id from grants g join blocks b on b.id = g.block_id
      where g.integration_id in (${p.reach[0]}, ${p.reach[1]})${seeds}
      union
      select c.id from blocks c join down on c.parent_id = down.id${liveChildren}
    )
    -- CROSS JOIN makes SQLite read down first; left to choose, it may scan all of blocks
    -- against an index it builds on down. PostgreSQL plans it as the plain join it is.
    select b.* from down cross join blocks b
    where b.id = down.id and ${conditions(p)}
    order by ${orderOf(p, 'b')}
    limit ${p.limit}`;
  return (await query.execute(db)).rows;
}

/** Up to `limit` results in order (see the header for how). */
export async function searchBlocks(db: Db, p: SearchParams): Promise<BlockRow[]> {
  if (p.objects.length === 0 || p.limit <= 0) return [];
  const budget = p.scanBudget ?? SCAN_BUDGET;
  // Most searches fill their page from the first matches: a first walk over twice the page
  // (cheap), and the whole budget only when too few of those are reachable.
  const first = Math.min(budget, 2 * p.limit);
  return (first < budget ? await fromIndex(db, p, first) : undefined) ?? (await fromIndex(db, p, budget)) ?? fromGrants(db, p);
}
