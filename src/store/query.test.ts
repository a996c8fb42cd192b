import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBlocks, newBlockRow, touchBlock } from './blocks.js';
import { insertPageValues } from './page-values.js';
import { valuesPassing } from './predicates.js';
import { compileQuery, queryPageIds, queryPages, readRows, type Position, type Predicate, type QueryPlan, type RowTest, type SortKey } from './query.js';
import type { PageValueRow } from './schema.js';
import { Store } from './store.js';

let store: Store;

const DS = '00000000-0000-4000-8000-0000000000d5';
const OTHER = '00000000-0000-4000-8000-0000000000d6';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const by = { workspaceId: 'w', userId: 'u', now: '2024-01-01T00:00:00.000Z' };

function value(page: number, property: string, cells: Partial<PageValueRow>, seq = 0, ds = DS): PageValueRow {
  return {
    page_id: id(page),
    data_source_id: ds,
    property_id: property,
    seq,
    txt: null,
    txt_lower: null,
    num: null,
    date_start: null,
    date_end: null,
    date_only: null,
    // As the page rows below are created.
    page_created: page <= 6 ? `2024-01-01T00:0${page}:00.000Z` : by.now,
    ...cells,
    // As pageValueRows writes them: text beside its lower-cased form.
    ...(cells.txt && cells.txt_lower === undefined ? { txt_lower: cells.txt.toLowerCase() } : {}),
  };
}

// Pages 1-6 of DS, created a minute apart; page 6 is trashed. Scores: 1→3, 2→1, 3→3, 4 none, 5→2.
// Pages 101-103 of OTHER are related pages with points 10, 20 and (trashed) 30.
beforeAll(async () => {
  store = await Store.open({ sqlite: ':memory:' });
  const pages = [1, 2, 3, 4, 5, 6].map((n) =>
    newBlockRow(
      { ...by, now: `2024-01-01T00:0${n}:00.000Z` },
      { id: id(n), type: 'child_page', parent_type: 'data_source_id', parent_id: DS, in_trash: n === 6 ? 1 : 0 },
    ),
  );
  const others = [101, 102, 103].map((n) =>
    newBlockRow(by, { id: id(n), type: 'child_page', parent_type: 'data_source_id', parent_id: OTHER, in_trash: n === 103 ? 1 : 0 }),
  );
  await insertBlocks(store.db, [...pages, ...others]);
  await insertPageValues(store.db, [
    value(1, 'score', { num: 3 }),
    value(2, 'score', { num: 1 }),
    value(3, 'score', { num: 3 }),
    value(5, 'score', { num: 2 }),
    value(6, 'score', { num: 9 }),
    value(1, 'name', { txt: 'Apple', txt_lower: 'apple' }),
    value(2, 'name', { txt: "O'Brien; DROP TABLE blocks", txt_lower: "o'brien; drop table blocks" }),
    value(1, 'rel', { txt: id(101) }, 0),
    value(1, 'rel', { txt: id(102) }, 1),
    value(2, 'rel', { txt: id(101) }),
    value(3, 'rel', { txt: id(103) }),
    value(101, 'pts', { num: 10 }, 0, OTHER),
    value(102, 'pts', { num: 20 }, 0, OTHER),
    value(103, 'pts', { num: 30 }, 0, OTHER),
  ]);
});

afterAll(async () => {
  await store.close();
});

const score: SortKey['expression'] = { kind: 'value', propertyId: 'score', field: 'num' };
const plan = (filter: Predicate, sorts: SortKey[] = [{ expression: { kind: 'column', column: 'created_time' }, direction: 'ascending' }]): QueryPlan => ({
  dataSourceId: DS,
  trashed: false,
  filter,
  sorts,
});
const ALL: Predicate = { kind: 'const', value: true };

async function pages(p: QueryPlan, after?: Position, limit = 100): Promise<number[]> {
  return (await queryPages(store.db, p, after, limit)).map((r) => Number(r.id.slice(-12)));
}

/** Every page of results, `size` at a time, following the position of the last row. */
async function pageThrough(p: QueryPlan, size: number, windowPerResult?: number): Promise<number[][]> {
  const out: number[][] = [];
  let after: Position | undefined;
  for (;;) {
    const rows = await queryPages(store.db, p, after, size + 1, windowPerResult);
    const page = rows.slice(0, size);
    out.push(page.map((r) => Number(r.id.slice(-12))));
    if (rows.length <= size) return out;
    const last = page[page.length - 1]!;
    after = { keys: p.sorts.map((_, i) => last[`k${i}`] ?? null), id: last.id };
  }
}

describe('data source query SQL', () => {
  it('binds every value, property id and data source id as a parameter', () => {
    const filter: Predicate = {
      kind: 'and',
      items: [
        { kind: 'has', dataSourceId: DS, propertyId: "na'me", test: { kind: 'text', op: 'contains', value: "o'brien; drop" } },
        { kind: 'not', item: { kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>', value: 42 } } },
      ],
    };
    const statements = compileQuery(store.db, plan(filter, [{ expression: score, direction: 'descending' }]), { keys: [7], id: id(1) }, 10);
    const bound = ["na'me", "o'brien; drop", 42, DS, 7, id(1)];
    for (const { sql } of statements) for (const v of bound) expect(sql).not.toContain(String(v));
    expect(statements[0]!.parameters).toEqual(expect.arrayContaining(bound));
  });

  it('leaves trashed pages out, or keeps only them', async () => {
    expect(await pages(plan(ALL))).toEqual([1, 2, 3, 4, 5]);
    expect(await pages({ ...plan(ALL), trashed: true })).toEqual([6]);
  });

  it('sorts empty values last in either direction, ties by id', async () => {
    expect(await pages(plan(ALL, [{ expression: score, direction: 'ascending' }]))).toEqual([2, 5, 1, 3, 4]);
    expect(await pages(plan(ALL, [{ expression: score, direction: 'descending' }]))).toEqual([3, 1, 5, 2, 4]);
  });

  it('continues after a position across filled and empty values, every page once', async () => {
    for (const direction of ['ascending', 'descending'] as const) {
      const p = plan(ALL, [{ expression: score, direction }]);
      const all = await pages(p);
      for (const size of [1, 2, 3]) expect((await pageThrough(p, size)).flat()).toEqual(all);
    }
    const twoKeys = plan(ALL, [
      { expression: score, direction: 'descending' },
      { expression: { kind: 'column', column: 'created_time' }, direction: 'descending' },
    ]);
    expect((await pageThrough(twoKeys, 2)).flat()).toEqual([3, 1, 5, 2, 4]);
    expect((await pageThrough(plan(ALL), 2)).flat()).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives the same results when a window of the index holds too few and the rarest condition leads', async () => {
    const scoreAtLeast = (value: number): Predicate => ({ kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>=', value } });
    const linked: Predicate = { kind: 'has', dataSourceId: DS, propertyId: 'rel', test: { kind: 'id_in', values: [id(101), id(103)] } };
    const named: Predicate = { kind: 'has', dataSourceId: DS, propertyId: 'name', test: { kind: 'text', op: 'contains', value: 'p' } };
    const created = { expression: { kind: 'column', column: 'created_time' }, direction: 'ascending' } as const;
    const filters: Predicate[] = [
      scoreAtLeast(2),
      linked,
      named,
      { kind: 'and', items: [scoreAtLeast(1), linked] },
      { kind: 'and', items: [named, scoreAtLeast(0)] },
    ];
    const orders: SortKey[][] = [
      [created],
      [{ ...created, direction: 'descending' }],
      [{ expression: score, direction: 'ascending' }, created],
      [
        { expression: score, direction: 'descending' },
        { ...created, direction: 'descending' },
      ],
    ];
    for (const filter of filters) {
      for (const sorts of orders) {
        const p = plan(filter, sorts);
        const expected = await pages(p);
        // A window of one entry per result: nearly every read falls back to its rarest condition.
        for (const size of [1, 2]) expect((await pageThrough(p, size, 1)).flat(), JSON.stringify({ filter, sorts, size })).toEqual(expected);
      }
    }
    expect(await pages(plan({ kind: 'and', items: [scoreAtLeast(1), linked] }))).toEqual([1, 2, 3]);
  });

  it('reads the ids alone in the order whole rows come in, sorted or not, with or without a limit reached', async () => {
    const scored: Predicate = { kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>=', value: 1 } };
    for (const filter of [ALL, scored]) {
      for (const sorts of [[], [{ expression: score, direction: 'descending' } as const]]) {
        const p = plan(filter, sorts);
        for (const limit of [2, 100]) {
          const rows = (await queryPages(store.db, p, undefined, limit)).map((r) => r.id);
          expect(rows.length).toBeGreaterThan(0);
          expect(await queryPageIds(store.db, p, undefined, limit)).toEqual(rows);
        }
      }
    }
    expect((await queryPageIds(store.db, plan(ALL, [{ expression: score, direction: 'ascending' }]), undefined, 100)).map((i) => Number(i.slice(-12)))).toEqual(
      [2, 5, 1, 3, 4],
    );
  });
});

describe('data source query SQL over related pages and empty keys', () => {
  it('sorts by a key that is empty for every page by id', async () => {
    expect(await pages(plan(ALL, [{ expression: { kind: 'none' }, direction: 'descending' }]))).toEqual([5, 4, 3, 2, 1]);
  });

  it('tests related pages that are not trashed: any, every, none', async () => {
    const item: Predicate = { kind: 'has', dataSourceId: OTHER, propertyId: 'pts', test: { kind: 'num', op: '>=', value: 20 } };
    const related = (mode: 'any' | 'every' | 'none'): Predicate => ({ kind: 'related', mode, dataSourceId: DS, relationId: 'rel', item });
    expect(await pages(plan(related('any')))).toEqual([1]);
    // Page 3 links only a trashed page, pages 4 and 5 nothing: every holds for them, as for an empty set.
    expect(await pages(plan(related('every')))).toEqual([3, 4, 5]);
    expect(await pages(plan(related('none')))).toEqual([2, 3, 4, 5]);
    expect(await pages(plan({ kind: 'not', item: related('none') }))).toEqual([1]);
  });

  it('computes rollup results over the live related pages', async () => {
    const sum: Predicate = {
      kind: 'aggregate',
      aggregate: { relationId: 'rel', fn: 'sum', target: { kind: 'values', propertyId: 'pts', type: 'number' } },
      test: { kind: 'num', op: '>', value: 15 },
    };
    expect(await pages(plan(sum))).toEqual([1]);
    const count = (op: '=' | '<>', value: number): Predicate => ({
      kind: 'aggregate',
      aggregate: { relationId: 'rel', fn: 'count', target: { kind: 'values', propertyId: 'pts', type: 'number' } },
      test: { kind: 'num', op, value },
    });
    expect(await pages(plan(count('=', 0)))).toEqual([3, 4, 5]);
    expect(await pages(plan(count('<>', 0)))).toEqual([1, 2]);
    const average: Predicate = {
      kind: 'aggregate',
      aggregate: { relationId: 'rel', fn: 'average', target: { kind: 'values', propertyId: 'pts', type: 'number' } },
      test: { kind: 'empty', empty: true },
    };
    expect(await pages(plan(average))).toEqual([3, 4, 5]);
    const byTotal = plan(ALL, [{ expression: { kind: 'aggregate', aggregate: sum.aggregate }, direction: 'descending' }]);
    expect(await pages(byTotal)).toEqual([1, 2, 5, 4, 3]);
  });
});

describe('data source query SQL in last-edited order', () => {
  const edited = (direction: 'ascending' | 'descending'): SortKey => ({ expression: { kind: 'column', column: 'last_edited_time' }, direction });
  const editedIn = (gte: string, lt: string): Predicate => ({ kind: 'timestamp', column: 'last_edited_time', gte, lt });
  const plans = async (p: QueryPlan): Promise<string> => {
    const lines: string[] = [];
    for (const { sql: text, parameters } of compileQuery(store.db, p, undefined, 10)) {
      const rows = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
      lines.push(...rows.rows.map((r) => r.detail));
    }
    return lines.join('\n');
  };

  it('orders by the last edit either way, ties by id, after a position, and bounds a range', async () => {
    // Last edits, minutes past 01:00: page 4 first, then 2, 1 and 5 together, 3 last; 6 is trashed.
    const minutes: Record<number, string> = { 1: '05', 2: '03', 3: '09', 4: '01', 5: '05', 6: '02' };
    for (const [n, m] of Object.entries(minutes)) await touchBlock(store.db, id(Number(n)), `2024-01-01T01:${m}:00.000Z`, 'u');
    const scored: Predicate = { kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>=', value: 1 } };
    const cases: Array<[Predicate, SortKey, number[]]> = [
      [ALL, edited('ascending'), [4, 2, 1, 5, 3]],
      [ALL, edited('descending'), [3, 5, 1, 2, 4]],
      [scored, edited('ascending'), [2, 1, 5, 3]],
      [editedIn('2024-01-01T01:03:00.000Z', '2024-01-01T01:09:00.000Z'), edited('ascending'), [2, 1, 5]],
      [editedIn('2024-01-01T01:02:00.000Z', '2024-01-01T01:06:00.000Z'), edited('descending'), [5, 1, 2]],
    ];
    for (const [filter, sort, expected] of cases) {
      const p = plan(filter, [sort]);
      expect(await pages(p), JSON.stringify({ filter, sort })).toEqual(expected);
      // One entry of the window per result: reads fall back to the rarest condition too.
      for (const size of [1, 2]) expect((await pageThrough(p, size, 1)).flat(), JSON.stringify({ filter, sort, size })).toEqual(expected);
    }
  });

  it('reads blocks_edited in order instead of sorting every page', async () => {
    const range = editedIn('2024-01-01T01:03:00.000Z', '2024-01-01T01:09:00.000Z');
    for (const direction of ['ascending', 'descending'] as const) {
      for (const filter of [ALL, range]) {
        const detail = await plans(plan(filter, [edited(direction)]));
        expect(detail).toContain('USING INDEX blocks_edited (parent_id=?');
        expect(detail).not.toContain('TEMP B-TREE');
      }
    }
    expect(await plans(plan(range, [edited('ascending')]))).toContain('last_edited_time>? AND last_edited_time<?');
  });

  it('reads blocks_created in order without sorts; both order indexes hold the pages of data sources alone', async () => {
    const detail = await plans(plan(ALL, [{ expression: { kind: 'column', column: 'created_time' }, direction: 'ascending' }]));
    expect(detail).toContain('USING INDEX blocks_created (parent_id=?');
    expect(detail).not.toContain('TEMP B-TREE');
    const count = async (text: string) => (await store.db.executeQuery<{ n: number }>(CompiledQuery.raw(text))).rows[0]!.n;
    for (const index of ['blocks_created', 'blocks_edited']) {
      // A partial index: SQLite cannot read it for rows it may not hold.
      await expect(count(`select count(*) as n from blocks indexed by ${index} where parent_id is not null`)).rejects.toThrow(/no query solution/);
      expect(await count(`select count(*) as n from blocks indexed by ${index} where parent_id is not null and parent_type = 'data_source_id'`)).toBe(9);
    }
  });
});

describe('data source query SQL sorted by the property a range is on', () => {
  it('reads the index from the range and gives the same pages', async () => {
    const between = (lo: number, hi: number): Predicate => ({
      kind: 'and',
      items: [
        { kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>=', value: lo } },
        { kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '<', value: hi } },
      ],
    });
    const cases: Array<[Predicate, 'ascending' | 'descending', number[]]> = [
      [between(2, 4), 'ascending', [5, 1, 3]],
      [between(2, 4), 'descending', [3, 1, 5]],
      [between(1, 3), 'ascending', [2, 5]],
      [between(4, 9), 'ascending', []],
    ];
    for (const [filter, direction, expected] of cases) {
      // Ties by creation time, as every query's order ends (resultOrder).
      const p = plan(filter, [
        { expression: score, direction },
        { expression: { kind: 'column', column: 'created_time' }, direction },
      ]);
      expect(await pages(p)).toEqual(expected);
      for (const size of [1, 2]) expect((await pageThrough(p, size, 1)).flat(), JSON.stringify({ filter, direction, size })).toEqual(expected);
      const [filled] = compileQuery(store.db, p, undefined, 10);
      const detail = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${filled!.sql}`, [...filled!.parameters]))).rows;
      const text = detail.map((r) => r.detail).join('\n');
      expect(text).toMatch(/USING (COVERING )?INDEX page_values_num \(data_source_id=\? AND property_id=\? AND num>\? AND num<\?\)/);
      // Ties come in the index's order too (creation time, then id: migration 0018), not sorted.
      expect(text, text).not.toMatch(/TEMP B-TREE/);
      // The range's own conditions are not probed again for each page: the sorted value is the one they ask for.
      expect(text, text).not.toMatch(/SEARCH pv\b/);
    }
  });

  it('reads no page without a value when the range requires one, and still tests the other conditions', async () => {
    const sorted = (filter: Predicate) => plan(filter, [{ expression: score, direction: 'ascending' }]);
    const atLeast = (lo: number): Predicate => ({ kind: 'has', dataSourceId: DS, propertyId: 'score', test: { kind: 'num', op: '>=', value: lo } });
    // Page 4 has no score: it comes last when nothing requires one, and no statement reads it otherwise.
    expect(compileQuery(store.db, sorted(ALL), undefined, 10)).toHaveLength(2);
    expect(await pages(sorted(ALL))).toEqual([2, 5, 1, 3, 4]);
    expect(compileQuery(store.db, sorted(atLeast(1)), undefined, 10)).toHaveLength(1);
    expect(await pages(sorted(atLeast(1)))).toEqual([2, 5, 1, 3]);
    const named: Predicate = { kind: 'and', items: [atLeast(1), { kind: 'has', dataSourceId: DS, propertyId: 'name' }] };
    expect(await pages(sorted(named))).toEqual([2, 1]);
    // Only the condition the range does not settle is probed per page.
    const [filled] = compileQuery(store.db, sorted(named), undefined, 10);
    const detail = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${filled!.sql}`, [...filled!.parameters]))).rows;
    expect(detail.filter((r) => /SEARCH pv\b/.test(r.detail))).toHaveLength(1);
    for (const size of [1, 2]) expect((await pageThrough(sorted(named), size, 1)).flat()).toEqual([2, 1]);
  });
});

describe('value rows of a condition', () => {
  it('are read from an index of the property for every kind of test, not from the whole table', async () => {
    const tests: Array<[string, RowTest]> = [
      ['name', { kind: 'text', op: 'contains', value: 'pp' }],
      ['name', { kind: 'text', op: 'equals', value: 'apple' }],
      ['name', { kind: 'text_in', values: ['apple'] }],
      ['rel', { kind: 'id_in', values: [id(101)] }],
      ['score', { kind: 'num', op: '>', value: 1 }],
      ['due', { kind: 'range', gte: '2024-01-01T00:00:00.000Z' }],
      ['check', { kind: 'verified', at: '2024-01-01T00:00:00.000Z', expired: false }],
    ];
    for (const [propertyId, test] of tests) {
      const read = sql<{ detail: string }>`explain query plan select pv.page_id from ${valuesPassing({ kind: 'has', dataSourceId: DS, propertyId, test })}`;
      const text = (await read.execute(store.db)).rows.map((r) => r.detail).join('\n');
      // The indexes hold only rows with their value (migration 0018): the read must say which.
      expect(text, JSON.stringify(test)).toMatch(/SEARCH pv USING (COVERING )?INDEX page_values_\w+ \(data_source_id=\? AND property_id=\?/);
    }
  });
});

describe('the window of a sorted query after a cursor', () => {
  const RUNS = '00000000-0000-4000-8000-0000000000d7';
  // Pages 201-230 in three runs of ten equal scores (1, 2, 3), created a second apart; every one flagged.
  beforeAll(async () => {
    const created = (n: number) => `2024-02-01T00:00:${String(n - 200).padStart(2, '0')}.000Z`;
    const numbers = Array.from({ length: 30 }, (_, i) => 201 + i);
    await insertBlocks(
      store.db,
      numbers.map((n) => newBlockRow({ ...by, now: created(n) }, { id: id(n), type: 'child_page', parent_type: 'data_source_id', parent_id: RUNS })),
    );
    await insertPageValues(
      store.db,
      numbers.flatMap((n) => [
        { ...value(n, 'score', { num: 1 + Math.floor((n - 201) / 10) }, 0, RUNS), page_created: created(n) },
        { ...value(n, 'flag', { num: 1 }, 0, RUNS), page_created: created(n) },
      ]),
    );
  });

  it('counts from the cursor, not from the start of its run of equal values', async () => {
    const p: QueryPlan = {
      dataSourceId: RUNS,
      trashed: false,
      filter: { kind: 'has', dataSourceId: RUNS, propertyId: 'flag', test: { kind: 'num', op: '=', value: 1 } },
      sorts: [
        { expression: score, direction: 'ascending' },
        { expression: { kind: 'column', column: 'created_time' }, direction: 'ascending' },
      ],
    };
    // After page 209, the ninth of the first run: a window of six entries from the start of the
    // run would end with it and hold one result, and the query would read every flagged page.
    const after: Position = { keys: [1, '2024-02-01T00:00:09.000Z'], id: id(209) };
    const sortedReads: boolean[] = [];
    const rows = await queryPages(store.db, p, after, 3, 2, (db, select, limit) => {
      sortedReads.push(select.sorted);
      return readRows(db, select, limit);
    });
    expect(rows.map((r) => Number(r.id.slice(-12)))).toEqual([210, 211, 212]);
    expect(sortedReads).toEqual([false]);
  });
});
